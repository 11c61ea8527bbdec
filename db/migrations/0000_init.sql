CREATE TABLE "model_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"model_pk" integer,
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"seed_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"display_name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"capabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"context_length" integer,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"group_name" text,
	"deprecation" timestamp with time zone,
	"deprecation_replacement" text,
	"status" text NOT NULL,
	"status_source" text NOT NULL,
	"status_set_by" text NOT NULL,
	"status_set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"input_price_per_mtok" numeric(14, 6),
	"output_price_per_mtok" numeric(14, 6),
	"is_default" boolean DEFAULT false NOT NULL,
	"retired_at" timestamp with time zone,
	"source" text NOT NULL,
	"overridden_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"provider_values" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_status_check" CHECK ("models"."status" in ('active', 'inactive')),
	CONSTRAINT "models_status_source_check" CHECK ("models"."status_source" in ('config', 'admin', 'default')),
	CONSTRAINT "models_source_check" CHECK ("models"."source" in ('provider', 'manual')),
	CONSTRAINT "models_version_positive" CHECK ("models"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"api_base_url" text NOT NULL,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seed_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"provider" text NOT NULL,
	"source" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"status_changed" integer DEFAULT 0 NOT NULL,
	"retired" integer DEFAULT 0 NOT NULL,
	"restored" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"existing_models" integer,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"actor" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "seed_runs_trigger_check" CHECK ("seed_runs"."trigger" in ('cli', 'deploy', 'ui')),
	CONSTRAINT "seed_runs_outcome_check" CHECK ("seed_runs"."outcome" in ('applied', 'skipped', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "model_events" ADD CONSTRAINT "model_events_seed_run_id_seed_runs_id_fk" FOREIGN KEY ("seed_run_id") REFERENCES "public"."seed_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_provider_providers_id_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_events_model_idx" ON "model_events" USING btree ("provider","model_id","created_at");--> statement-breakpoint
CREATE INDEX "model_events_seed_run_idx" ON "model_events" USING btree ("seed_run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "models_provider_model_id_key" ON "models" USING btree ("provider","model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "models_one_default_per_type" ON "models" USING btree ("type") WHERE "models"."is_default";--> statement-breakpoint
CREATE INDEX "models_status_idx" ON "models" USING btree ("status");--> statement-breakpoint
CREATE INDEX "seed_runs_started_at_idx" ON "seed_runs" USING btree ("started_at");