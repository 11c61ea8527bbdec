-- A model's events by id (its newest: the page's "last change", its history, a stale save's message), not by time.
-- The new index is built before the old one goes: reads keep an index throughout, and the drop's brief exclusive
-- lock comes after the build, not around it.
CREATE INDEX "model_events_model_id_idx" ON "model_events" USING btree ("provider","model_id","id");--> statement-breakpoint
DROP INDEX "model_events_model_idx";
