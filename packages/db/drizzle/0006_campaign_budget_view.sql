-- The ledger's published read model for SQL joins: a campaign's remaining budget per currency, straight from the
-- stored balance of its campaign_budget account (credit-positive, so the natural balance). The campaigns module
-- joins this view to filter and sort the public directory by budget left, instead of reading ledger tables.
CREATE VIEW "campaign_budget_balances" AS
SELECT "owner_id" AS "campaign_id", "currency", "balance_micros" AS "remaining_micros"
FROM "ledger_accounts"
WHERE "type" = 'campaign_budget';
