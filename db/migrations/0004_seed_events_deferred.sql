-- A seed writes its models and their audit events in one statement, before the seed_runs row that the events
-- reference (the run's duration and outcome are known only at the end). The reference is still enforced, at
-- commit: a seed cannot commit events that point at no run.
ALTER TABLE "model_events" ALTER CONSTRAINT "model_events_seed_run_id_seed_runs_id_fk" DEFERRABLE INITIALLY DEFERRED;
