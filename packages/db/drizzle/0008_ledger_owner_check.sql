-- ledger_accounts_owner_id, the same rule (the domain's ID_PATTERN) written as `+` and a length: PostgreSQL's regex
-- engine runs the bounded repetition {1,100} about 20 times slower, and every CHECK runs at every balance UPDATE.
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_owner_id";--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_id" CHECK (owner_id ~ '^[A-Za-z0-9_.-]+$' AND length(owner_id) <= 100);