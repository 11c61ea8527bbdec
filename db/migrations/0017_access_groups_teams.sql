CREATE TABLE "access_groups" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"match" jsonb,
	"include" text[] DEFAULT '{}'::text[] NOT NULL,
	"exclude" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_teams" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"groups" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_events" DROP CONSTRAINT "access_events_action_check";--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_action_check" CHECK ("access_events"."action" in ('key_created', 'key_revoked', 'key_rotated', 'group_created', 'group_changed', 'group_deleted', 'team_created', 'team_changed', 'team_deleted'));--> statement-breakpoint
-- Who may use which model is part of what the registry's revision stands for: a write to the saved groups or
-- teams moves it as a write to `models` does, so every view derived from them (lib/registry/access/members.ts)
-- is derived again at the next request, in every process.
CREATE TRIGGER access_groups_bump_revision
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON access_groups
  FOR EACH STATEMENT EXECUTE FUNCTION bump_models_revision();
--> statement-breakpoint
CREATE TRIGGER access_teams_bump_revision
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON access_teams
  FOR EACH STATEMENT EXECUTE FUNCTION bump_models_revision();
