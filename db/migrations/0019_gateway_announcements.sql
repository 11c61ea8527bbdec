-- What the webhook last told a deploy hook about each gateway's config (issue 28): a delivery names the formats whose
-- config is no longer the one announced here, so a change made between syncs (an admin's edit, a release, a new
-- ACCESS_PATH) is announced by the next one, and a delivery that failed is announced again.
CREATE TABLE "gateway_announcements" (
	"format" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"delivery_id" uuid NOT NULL,
	"announced_at" timestamp with time zone DEFAULT now() NOT NULL
);
