-- The audit log is append-only: history cannot be edited or erased, not even by a bug in this product.
CREATE FUNCTION model_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'model_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER model_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON model_events
  FOR EACH ROW EXECUTE FUNCTION model_events_append_only();
--> statement-breakpoint
INSERT INTO providers (id, display_name, api_base_url)
VALUES ('mistral', 'Mistral AI', 'https://api.mistral.ai')
ON CONFLICT (id) DO NOTHING;
