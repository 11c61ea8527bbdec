CREATE TABLE "sync_slots" (
	"slot" timestamp with time zone PRIMARY KEY NOT NULL,
	"instance" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seed_runs" DROP CONSTRAINT "seed_runs_trigger_check";--> statement-breakpoint
ALTER TABLE "seed_runs" ADD CONSTRAINT "seed_runs_trigger_check" CHECK ("seed_runs"."trigger" in ('cli', 'deploy', 'ui', 'schedule'));