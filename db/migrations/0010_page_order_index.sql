DROP INDEX "models_status_idx";--> statement-breakpoint
CREATE INDEX "models_name_idx" ON "models" USING btree ("display_name","model_id");