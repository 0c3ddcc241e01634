CREATE TABLE "ledger_accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"owner_id" text NOT NULL,
	"currency" char(3) NOT NULL,
	"balance_micros" bigint DEFAULT 0 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"non_negative" boolean NOT NULL,
	"negative_via" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_type" CHECK (type IN ('platform_cash', 'campaign_budget', 'participant_pending', 'participant_available', 'payouts_in_transit', 'platform_fees', 'brand_refunds')),
	CONSTRAINT "ledger_accounts_currency" CHECK (currency ~ '^[A-Z]{3}$'),
	CONSTRAINT "ledger_accounts_owner_id" CHECK (owner_id ~ '^[A-Za-z0-9_.-]{1,100}$'),
	CONSTRAINT "ledger_accounts_key_matches" CHECK (key = type || ':' || owner_id || ':' || currency),
	CONSTRAINT "ledger_accounts_rule" CHECK (non_negative = (type <> 'platform_cash') AND negative_via = CASE WHEN type = 'participant_available' THEN ARRAY['clawback']::text[] ELSE ARRAY[]::text[] END),
	CONSTRAINT "ledger_accounts_floor" CHECK (NOT non_negative OR balance_micros >= 0 OR cardinality(negative_via) > 0),
	CONSTRAINT "ledger_accounts_version" CHECK (version >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transfer_id" uuid NOT NULL,
	"account_id" bigint NOT NULL,
	"amount_micros" bigint NOT NULL,
	"balance_after_micros" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT statement_timestamp() NOT NULL,
	CONSTRAINT "ledger_entries_amount_nonzero" CHECK (amount_micros <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_reconciliations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL,
	"accounts_checked" bigint NOT NULL,
	"entries_checked" bigint NOT NULL,
	"transfers_checked" bigint NOT NULL,
	"differences" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"currency" char(3) NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"effective_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transfers_kind" CHECK (kind IN ('fund', 'accrue', 'lock', 'clawback', 'payout', 'payout_settled', 'payout_failed', 'refund', 'refund_settled')),
	CONSTRAINT "ledger_transfers_currency" CHECK (currency ~ '^[A-Z]{3}$'),
	CONSTRAINT "ledger_transfers_idempotency_key" CHECK (length(idempotency_key) BETWEEN 1 AND 255),
	CONSTRAINT "ledger_transfers_metadata" CHECK (jsonb_typeof(metadata) = 'object')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_key_key" ON "ledger_accounts" USING btree ("key");--> statement-breakpoint
CREATE INDEX "ledger_accounts_owner_idx" ON "ledger_accounts" USING btree ("owner_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_transfer_account_key" ON "ledger_entries" USING btree ("transfer_id","account_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_id_idx" ON "ledger_entries" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_created_idx" ON "ledger_entries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_reconciliations_finished_at_idx" ON "ledger_reconciliations" USING btree ("finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_idempotency_key_key" ON "ledger_transfers" USING btree ("idempotency_key");