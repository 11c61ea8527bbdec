-- A search of the Models page (reads/models-page.ts) finds the models whose id, name or an alias holds what was
-- typed. At 100,000 models a substring match of every row took 130 ms a query and ran twice a page (its count, its
-- page); a trigram index answers a search with a run of three letters or digits in about a millisecond (issue 27).
-- One index over one expression: the fields joined by a control character (U+001F), which a search cannot hold
-- (it is plain text), so a match never spans two fields. array_to_string is only STABLE (for arrays of types
-- whose output may change), so an index needs the expression wrapped: for text[] it is immutable.
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE FUNCTION models_search_text(model_id text, display_name text, aliases text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT model_id || chr(31) || display_name || chr(31) || array_to_string(aliases, chr(31)) $$;--> statement-breakpoint
CREATE INDEX "models_search_idx" ON "models" USING gin (models_search_text("model_id", "display_name", "aliases") gin_trgm_ops);
