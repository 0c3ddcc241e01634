-- The ledger's invariants, enforced by the database whatever code (or person with psql) writes to it.
-- Errors: restrict_violation (23001) for a forbidden change, check_violation (23514) with a CONSTRAINT name for a
-- broken money rule, so the posting engine can map them (apps/api ledger.errors.ts).

-- 1. Entries, transfers and reconciliation records are append-only: corrections are new transfers.
-- (reject_modification() comes from 0002. TRUNCATE, used only by the test harness, fires no row triggers.)
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION reject_modification();
--> statement-breakpoint
CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION reject_modification();
--> statement-breakpoint
CREATE TRIGGER ledger_reconciliations_append_only BEFORE UPDATE OR DELETE ON ledger_reconciliations
  FOR EACH ROW EXECUTE FUNCTION reject_modification();
--> statement-breakpoint

-- 2. Accounts are never deleted, and only their balance and version change (the version never goes back).
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION reject_modification();
--> statement-breakpoint
CREATE FUNCTION ledger_reject_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_accounts: only balance_micros and version may change, and version only upwards (account %)',
    OLD.key USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_identity_fixed BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW
  WHEN ((NEW.id, NEW.key, NEW.type, NEW.owner_id, NEW.currency, NEW.non_negative, NEW.negative_via, NEW.created_at)
          IS DISTINCT FROM
        (OLD.id, OLD.key, OLD.type, OLD.owner_id, OLD.currency, OLD.non_negative, OLD.negative_via, OLD.created_at)
        OR NEW.version < OLD.version)
  EXECUTE FUNCTION ledger_reject_account_change();
--> statement-breakpoint

-- 3. The transfer plan (the domain's TRANSFER_PLAN): which account types each kind may debit and credit, as
-- 'kind/side/account_type' paths. apps/api's ledger tests compare it with the domain's.
CREATE FUNCTION ledger_transfer_plan_paths() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY[
    'fund/debit/platform_cash', 'fund/credit/campaign_budget', 'fund/credit/platform_fees',
    'accrue/debit/campaign_budget', 'accrue/credit/participant_pending',
    'lock/debit/participant_pending', 'lock/credit/participant_available',
    'clawback/debit/participant_pending', 'clawback/debit/participant_available', 'clawback/credit/campaign_budget',
    'payout/debit/participant_available', 'payout/credit/payouts_in_transit',
    'payout_settled/debit/payouts_in_transit', 'payout_settled/credit/platform_cash',
    'payout_failed/debit/payouts_in_transit', 'payout_failed/credit/participant_available',
    'refund/debit/campaign_budget', 'refund/credit/brand_refunds',
    'refund_settled/debit/brand_refunds', 'refund_settled/credit/platform_cash'
  ]::text[]
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_transfer_plan() RETURNS TABLE (kind text, side text, account_type text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT split_part(path, '/', 1), split_part(path, '/', 2), split_part(path, '/', 3)
    FROM unnest(ledger_transfer_plan_paths()) AS path
$$;
--> statement-breakpoint

-- 4. At COMMIT (deferred), once per transfer written in the transaction: at least two entries summing to exactly
-- zero, all on accounts of the transfer's currency and allowed by the kind's plan. Entries added later to a transfer
-- of an earlier transaction are refused by 5 (the transfer is final), so this one check per transfer covers every
-- entry. The loop walks the transfer's entries by index and looks each account up by primary key: its cost does not
-- grow with the size of the tables.
CREATE FUNCTION ledger_assert_transfer_valid(p_transfer_id uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  -- One query: the transfer, then its entries through the (transfer_id, account_id) index and each account by
  -- primary key (OFFSET 0 keeps the lookups per entry, whatever the planner thinks of the tables' sizes).
  SELECT t.idempotency_key AS key, t.kind, t.currency,
         coalesce(sum(x.amount_micros), 0) AS total,
         count(x.amount_micros) AS entries,
         count(*) FILTER (WHERE x.account_currency <> t.currency) AS wrong_currency,
         count(*) FILTER (WHERE NOT (t.kind || CASE WHEN x.amount_micros < 0 THEN '/debit/' ELSE '/credit/' END
                                      || x.account_type) = ANY (ledger_transfer_plan_paths())) AS off_plan
    INTO v
    FROM ledger_transfers t
    LEFT JOIN LATERAL (
      SELECT e.amount_micros, a.type AS account_type, a.currency AS account_currency
        FROM ledger_entries e
        JOIN LATERAL (SELECT type, currency FROM ledger_accounts WHERE id = e.account_id OFFSET 0) a ON true
       WHERE e.transfer_id = t.id
    ) x ON true
   WHERE t.id = p_transfer_id
   GROUP BY t.idempotency_key, t.kind, t.currency;
  IF v.wrong_currency > 0 THEN
    RAISE EXCEPTION 'ledger transfer % (%) has an entry on an account in another currency', v.key, v.currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transfer_currency';
  END IF;
  IF v.off_plan > 0 THEN
    RAISE EXCEPTION 'ledger transfer % has an entry its kind (%) may not post', v.key, v.kind
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transfer_plan';
  END IF;
  IF v.entries < 2 OR v.total <> 0 THEN
    RAISE EXCEPTION 'ledger transfer % has % entries summing to %: it needs at least two summing to 0',
      v.key, v.entries, v.total USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transfer_balanced';
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_transfers_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_transfer_valid(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_transfers_balanced AFTER INSERT ON ledger_transfers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transfers_check();
--> statement-breakpoint

-- 5. After each statement inserting entries (set-based, over the statement's new rows):
--    - each entry's transfer exists and was created by this very transaction (created_at = now(), the transaction's
--      start): a committed transfer is final, not even a balanced pair can be appended to it;
--    - each touched account exists and its stored balance equals its last entry's balance_after: balances move in
--      the same transaction as their entries, updated before the entries are written (as the posting engine does).
-- These stand in for foreign keys on ledger_entries (which would cost two lookups per row); the rows they would
-- protect can never be deleted (1, 2).
CREATE FUNCTION ledger_entries_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_problem text;
BEGIN
  SELECT format('entry on transfer %s: %s', n.transfer_id,
                CASE WHEN t.id IS NULL THEN 'no such transfer'
                     ELSE 'transfer ' || t.idempotency_key || ' was recorded by an earlier transaction; its entries are final' END)
    INTO v_problem
    FROM new_entries n LEFT JOIN ledger_transfers t ON t.id = n.transfer_id
   WHERE t.id IS NULL OR t.created_at <> now()
   LIMIT 1;
  IF v_problem IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: %', v_problem USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transfer_sealed';
  END IF;
  SELECT format('account %s has a stored balance of %s but its last entry leaves %s',
                coalesce(a.key, 'id ' || n.account_id), a.balance_micros, last.balance_after_micros)
    INTO v_problem
    FROM (SELECT DISTINCT account_id FROM new_entries) n
    LEFT JOIN ledger_accounts a ON a.id = n.account_id
    CROSS JOIN LATERAL (
      SELECT e.balance_after_micros FROM ledger_entries e WHERE e.account_id = n.account_id ORDER BY e.id DESC LIMIT 1
    ) last
   WHERE a.id IS NULL OR a.balance_micros <> last.balance_after_micros
   LIMIT 1;
  IF v_problem IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: %', v_problem USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_balance';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_checked AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_check();
--> statement-breakpoint

-- 5b. At COMMIT (deferred), an account whose stored balance changed still equals its last entry's balance_after:
-- a balance cannot move without entries (nor entries be written without moving it, 5).
CREATE FUNCTION ledger_accounts_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  -- The account as it is now (not NEW: a later update in the same transaction queues its own event).
  SELECT a.key, a.balance_micros,
         coalesce((SELECT e.balance_after_micros FROM ledger_entries e WHERE e.account_id = a.id
                    ORDER BY e.id DESC LIMIT 1), 0) AS last_after
    INTO v
    FROM ledger_accounts a WHERE a.id = NEW.id;
  IF v.balance_micros <> v.last_after THEN
    RAISE EXCEPTION 'ledger account % has a stored balance of % but its last entry leaves %', v.key,
      v.balance_micros, v.last_after USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_balance';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_accounts_balance_matches AFTER UPDATE ON ledger_accounts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.balance_micros IS DISTINCT FROM OLD.balance_micros)
  EXECUTE FUNCTION ledger_accounts_check();
--> statement-breakpoint

-- 6. The floor of participant_available, which may go below zero only through a clawback (its CHECK exempts it;
-- see ledger_accounts_floor). Checked per entry, where the transfer's kind is known; the WHEN clause keeps the
-- common case (an entry that does not end below zero) free. It also guards every other non-negative account at
-- entry level, inside a batch, where the CHECK only sees the batch's final balance.
CREATE FUNCTION ledger_entry_floor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_key text;
  v_non_negative boolean;
  v_negative_via text[];
  v_kind text;
BEGIN
  SELECT key, non_negative, negative_via INTO v_key, v_non_negative, v_negative_via
    FROM ledger_accounts WHERE id = NEW.account_id;
  IF v_non_negative IS NOT TRUE THEN
    RETURN NEW; -- not floored (or no such account, which the statement check (5) reports)
  END IF;
  SELECT kind INTO v_kind FROM ledger_transfers WHERE id = NEW.transfer_id;
  IF v_kind = ANY (v_negative_via) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger: a % transfer may not take % below zero (balance after: %)', v_kind, v_key,
    NEW.balance_after_micros USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_floor';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_floor BEFORE INSERT ON ledger_entries
  FOR EACH ROW WHEN (NEW.amount_micros < 0 AND NEW.balance_after_micros < 0)
  EXECUTE FUNCTION ledger_entry_floor();
