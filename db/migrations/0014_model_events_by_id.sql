DROP INDEX "model_events_model_idx";--> statement-breakpoint
CREATE INDEX "model_events_model_idx" ON "model_events" USING btree ("provider","model_id","id");