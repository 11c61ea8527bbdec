-- Columns no query filters, sorts or groups on keep no planner statistics: ANALYZE (after a large seed, and
-- autovacuum's) spent most of its time on these wide values (issue 17: 0.7 s of a 50,000-model seed). Search reads
-- aliases through array_to_string(…), which column statistics do not describe.
ALTER TABLE "models" ALTER COLUMN "provider_values" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "models" ALTER COLUMN "aliases" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "models" ALTER COLUMN "description" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "model_events" ALTER COLUMN "before" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "model_events" ALTER COLUMN "after" SET STATISTICS 0;
