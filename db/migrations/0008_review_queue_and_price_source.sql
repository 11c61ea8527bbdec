ALTER TABLE "models" ADD COLUMN "price_source" text;--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "awaiting_review_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "models_awaiting_review_idx" ON "models" USING btree ("awaiting_review_since") WHERE "models"."awaiting_review_since" is not null;--> statement-breakpoint
-- Every price stored before this migration was entered by an admin (seeds wrote none): say so, so a seed keeps it.
UPDATE "models" SET "price_source" = 'admin' WHERE "input_price_per_mtok" IS NOT NULL OR "output_price_per_mtok" IS NOT NULL;
