DROP INDEX "model_events_seed_run_idx";--> statement-breakpoint
CREATE INDEX "model_events_seed_run_idx" ON "model_events" USING btree ("seed_run_id") WHERE "model_events"."seed_run_id" is not null;