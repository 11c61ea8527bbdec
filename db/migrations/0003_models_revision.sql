CREATE TABLE "registry_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"models_revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_state_single_row" CHECK ("registry_state"."id" = 1)
);
--> statement-breakpoint
-- Every statement that writes models bumps the revision, in the writer's own transaction: a reader that sees
-- the same revision sees the same rows. An upsert, so a truncated registry_state heals itself.
CREATE FUNCTION bump_models_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_state (id, models_revision) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET models_revision = registry_state.models_revision + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER models_bump_revision
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models
  FOR EACH STATEMENT EXECUTE FUNCTION bump_models_revision();
--> statement-breakpoint
INSERT INTO registry_state (id, models_revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
