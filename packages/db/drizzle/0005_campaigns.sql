CREATE TABLE "campaign_allowlist" (
	"campaign_id" uuid NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_allowlist_campaign_id_email_pk" PRIMARY KEY("campaign_id","email")
);
--> statement-breakpoint
CREATE TABLE "campaign_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" char(64) NOT NULL,
	"filename" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_fundings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"rail" text NOT NULL,
	"currency" char(3) NOT NULL,
	"gross_micros" bigint NOT NULL,
	"fee_micros" bigint NOT NULL,
	"budget_micros" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"provider_ref" text,
	"request_key" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "campaign_fundings_status" CHECK (status IN ('pending', 'succeeded', 'failed')),
	CONSTRAINT "campaign_fundings_amounts" CHECK (gross_micros > 0 AND fee_micros >= 0 AND budget_micros > 0 AND gross_micros = fee_micros + budget_micros)
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"title" text NOT NULL,
	"brief_markdown" text DEFAULT '' NOT NULL,
	"brief_html" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"state_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"platforms" text[] NOT NULL,
	"metric" text DEFAULT 'views' NOT NULL,
	"currency" char(3) NOT NULL,
	"rate_per_thousand_micros" bigint NOT NULL,
	"budget_micros" bigint NOT NULL,
	"per_post_cap_micros" bigint,
	"per_participant_cap_micros" bigint,
	"minimum_metric" bigint DEFAULT 0 NOT NULL,
	"daily_cap_micros" bigint,
	"hourly_cap_micros" bigint,
	"max_slots" integer,
	"slots_taken" integer DEFAULT 0 NOT NULL,
	"max_submissions_per_participant" integer,
	"category" text,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"targeting" jsonb NOT NULL,
	"requirements" jsonb NOT NULL,
	"destination_url" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"hold_days" integer DEFAULT 7 NOT NULL,
	"approval_mode" text DEFAULT 'auto' NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_state" CHECK (state IN ('draft', 'reviewing', 'published', 'paused', 'completed', 'closed')),
	CONSTRAINT "campaigns_platforms" CHECK (cardinality(platforms) >= 1 AND platforms <@ ARRAY['youtube', 'tiktok', 'instagram', 'x']),
	CONSTRAINT "campaigns_currency" CHECK (currency ~ '^[A-Z]{3}$'),
	CONSTRAINT "campaigns_rate" CHECK (rate_per_thousand_micros > 0),
	CONSTRAINT "campaigns_budget" CHECK (budget_micros > 0),
	CONSTRAINT "campaigns_caps" CHECK ((per_post_cap_micros IS NULL OR per_post_cap_micros > 0) AND (per_participant_cap_micros IS NULL OR per_participant_cap_micros > 0) AND (daily_cap_micros IS NULL OR daily_cap_micros > 0) AND (hourly_cap_micros IS NULL OR hourly_cap_micros > 0) AND minimum_metric >= 0),
	CONSTRAINT "campaigns_slots" CHECK (slots_taken >= 0 AND (max_slots IS NULL OR (max_slots >= 1 AND slots_taken <= max_slots))),
	CONSTRAINT "campaigns_dates" CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at),
	CONSTRAINT "campaigns_hold_days" CHECK (hold_days BETWEEN 0 AND 365),
	CONSTRAINT "campaigns_destination" CHECK (destination_url IS NULL OR destination_url LIKE 'https://%'),
	CONSTRAINT "campaigns_version" CHECK (version >= 1)
);
--> statement-breakpoint
CREATE TABLE "metric_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"metric_total" bigint NOT NULL,
	"deducted_total" bigint DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_snapshots_totals" CHECK (metric_total >= 0 AND deducted_total >= 0 AND deducted_total <= metric_total)
);
--> statement-breakpoint
CREATE TABLE "post_earnings" (
	"submission_id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"participation_id" uuid NOT NULL,
	"posted_micros" bigint DEFAULT 0 NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"last_snapshot_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_earnings_posted" CHECK (posted_micros >= 0 AND sequence >= 0)
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"state" text NOT NULL,
	"state_reason" text,
	"social_account_ids" uuid[] NOT NULL,
	"holds_slot" boolean DEFAULT false NOT NULL,
	"tracking_code" text NOT NULL,
	"submission_count" integer DEFAULT 0 NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participations_state" CHECK (state IN ('applied', 'approved', 'active', 'completed', 'paid', 'rejected', 'withdrawn')),
	CONSTRAINT "participations_submission_count" CHECK (submission_count >= 0),
	CONSTRAINT "participations_tracking_code" CHECK (tracking_code ~ '^[A-Za-z0-9]{8,32}$')
);
--> statement-breakpoint
CREATE TABLE "social_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"handle" text NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_accounts_platform" CHECK (platform IN ('youtube', 'tiktok', 'instagram', 'x'))
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participation_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"post_id" text,
	"dedup_key" text NOT NULL,
	"canonical_url" text NOT NULL,
	"status" text DEFAULT 'pending_verification' NOT NULL,
	"status_reason" text,
	"evidence_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submissions_status" CHECK (status IN ('pending_verification', 'tracking', 'rejected')),
	CONSTRAINT "submissions_platform" CHECK (platform IN ('youtube', 'tiktok', 'instagram', 'x')),
	CONSTRAINT "submissions_canonical_url" CHECK (canonical_url LIKE 'https://%')
);
--> statement-breakpoint
ALTER TABLE "campaign_allowlist" ADD CONSTRAINT "campaign_allowlist_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assets" ADD CONSTRAINT "campaign_assets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assets" ADD CONSTRAINT "campaign_assets_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_fundings" ADD CONSTRAINT "campaign_fundings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_fundings" ADD CONSTRAINT "campaign_fundings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_fundings" ADD CONSTRAINT "campaign_fundings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_earnings" ADD CONSTRAINT "post_earnings_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_earnings" ADD CONSTRAINT "post_earnings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_earnings" ADD CONSTRAINT "post_earnings_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_participant_id_users_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_accounts" ADD CONSTRAINT "social_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_participant_id_users_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_assets_campaign_id_idx" ON "campaign_assets" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_assets_storage_key_key" ON "campaign_assets" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_fundings_request_key" ON "campaign_fundings" USING btree ("campaign_id","request_key");--> statement-breakpoint
CREATE INDEX "campaign_fundings_campaign_id_idx" ON "campaign_fundings" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_org_id_idx" ON "campaigns" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_state_idx" ON "campaigns" USING btree ("state","published_at");--> statement-breakpoint
CREATE INDEX "metric_snapshots_submission_id_idx" ON "metric_snapshots" USING btree ("submission_id","id");--> statement-breakpoint
CREATE INDEX "metric_snapshots_campaign_id_idx" ON "metric_snapshots" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "post_earnings_campaign_id_idx" ON "post_earnings" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "post_earnings_participation_id_idx" ON "post_earnings" USING btree ("participation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_campaign_participant_key" ON "participations" USING btree ("campaign_id","participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_tracking_code_key" ON "participations" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "participations_participant_id_idx" ON "participations" USING btree ("participant_id","created_at");--> statement-breakpoint
CREATE INDEX "participations_campaign_state_idx" ON "participations" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "social_accounts_user_platform_handle_key" ON "social_accounts" USING btree ("user_id","platform",lower("handle"));--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_dedup_key_key" ON "submissions" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "submissions_participation_id_idx" ON "submissions" USING btree ("participation_id","created_at");--> statement-breakpoint
CREATE INDEX "submissions_campaign_id_idx" ON "submissions" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "submissions_participant_id_idx" ON "submissions" USING btree ("participant_id","created_at");