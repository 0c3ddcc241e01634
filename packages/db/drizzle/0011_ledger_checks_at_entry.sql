-- The ledger's checks made cheaper for ingest (issue 4's benchmark); every rule still holds for every row, with the
-- same errors and CONSTRAINT names.
--
-- An entry's currency and its kind's plan (ledger_transfer_currency, ledger_transfer_plan) are checked when the entry
-- is written, by the statement check on ledger_entries, instead of at COMMIT: what they compare can never change
-- afterwards (a transfer's kind and currency, an account's type and currency are fixed; entries are append-only, and
-- are written only in their transfer's own transaction), so the rule holds at COMMIT exactly when it held then. The
-- statement check already looks up each transfer and account the statement names; the entries meet them through
-- hash joins, where the COMMIT check looked every entry's account up again. At COMMIT, what a later statement can
-- still change is left: each transfer has at least two entries summing to zero (ledger_transfer_balanced), and each
-- account whose balance moved equals its last entry (ledger_account_balance), as in 0007.

CREATE OR REPLACE FUNCTION ledger_entries_check() RETURNS trigger LANGUAGE plpgsql
  -- Index probes for the tables, hash joins between the statement's rows and what the probes found (with nested
  -- loops off, the only nested loops left are the probes of the LATERAL subqueries). jit off: a plan costed with
  -- a disabled join method looks expensive enough to be compiled, at every call.
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_mergejoin = off
  SET enable_nestloop = off SET enable_hashjoin = on SET jit = off
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v record;
BEGIN
  -- Each transfer and each account the statement names, looked up once (OFFSET 0 keeps each lookup an index probe
  -- per row, whatever the tables' sizes when the plan was made).
  WITH t AS MATERIALIZED (
    SELECT d.transfer_id, x.idempotency_key AS key, x.kind, x.currency, x.created_at
      FROM (SELECT DISTINCT transfer_id FROM new_entries) d
      LEFT JOIN LATERAL (SELECT idempotency_key, kind, currency, created_at FROM ledger_transfers
                          WHERE id = d.transfer_id OFFSET 0) x ON true
  ), a AS MATERIALIZED (
    SELECT d.account_id, x.key, x.type, x.currency, x.balance_micros, l.balance_after_micros AS last_after
      FROM (SELECT DISTINCT account_id FROM new_entries) d
      LEFT JOIN LATERAL (SELECT key, type, currency, balance_micros FROM ledger_accounts
                          WHERE id = d.account_id OFFSET 0) x ON true
      LEFT JOIN LATERAL (SELECT e.balance_after_micros FROM ledger_entries e
                          WHERE e.account_id = d.account_id ORDER BY e.id DESC LIMIT 1) l ON true
  )
  -- The first broken rule, in the order of 0004: a transfer sealed (or missing), an account whose stored balance is
  -- not its last entry's, then per entry its currency and its kind's plan.
  SELECT p.rule, p.message INTO v
    FROM (
      SELECT 1 AS rank, 0::bigint AS ord, 'ledger_transfer_sealed' AS rule,
             format('ledger: entry on transfer %s: %s', t.transfer_id,
                    CASE WHEN t.key IS NULL THEN 'no such transfer'
                         ELSE 'transfer ' || t.key || ' was recorded by an earlier transaction; its entries are final' END) AS message
        FROM t WHERE t.key IS NULL OR t.created_at <> now()
      UNION ALL
      SELECT 2, 0, 'ledger_account_balance',
             format('ledger: account %s has a stored balance of %s but its last entry leaves %s',
                    coalesce(a.key, 'id ' || a.account_id), a.balance_micros, a.last_after)
        FROM a WHERE a.key IS NULL OR a.balance_micros <> a.last_after
      UNION ALL
      SELECT 3, n.id, CASE WHEN a.currency <> t.currency THEN 'ledger_transfer_currency' ELSE 'ledger_transfer_plan' END,
             CASE WHEN a.currency <> t.currency
                  THEN format('ledger transfer %s (%s) has an entry on an account in another currency', t.key, t.currency)
                  ELSE format('ledger transfer %s has an entry its kind (%s) may not post', t.key, t.kind) END
        FROM new_entries n
        JOIN t ON t.transfer_id = n.transfer_id
        JOIN a ON a.account_id = n.account_id
        LEFT JOIN ledger_transfer_plan() pl
               ON pl.kind = t.kind AND pl.account_type = a.type
              AND pl.side = CASE WHEN n.amount_micros < 0 THEN 'debit' ELSE 'credit' END
       WHERE a.currency <> t.currency OR pl.kind IS NULL
    ) p
   ORDER BY p.rank, p.ord
   LIMIT 1;
  IF v.rule IS NOT NULL THEN
    RAISE EXCEPTION '%', v.message USING ERRCODE = 'check_violation', CONSTRAINT = v.rule;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION ledger_commit_check() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v record;
  v_ok boolean;
BEGIN
  IF NEW.transfer_ids IS NOT NULL THEN
    -- At least two entries summing to exactly zero, for every transfer: one index scan over all of their entries;
    -- only when some transfer fails is the first one looked for, to name it.
    SELECT count(*) = cardinality(NEW.transfer_ids) AND coalesce(bool_and(g.entries >= 2 AND g.total = 0), true)
      INTO v_ok
      FROM (SELECT count(*) AS entries, sum(e.amount_micros) AS total
              FROM ledger_entries e WHERE e.transfer_id = ANY (NEW.transfer_ids) GROUP BY e.transfer_id) g;
    IF NOT v_ok THEN
      SELECT t.idempotency_key AS key, x.total, x.entries
        INTO v
        FROM unnest(NEW.transfer_ids) WITH ORDINALITY AS i(id, ord)
        JOIN ledger_transfers t ON t.id = i.id
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(e.amount_micros), 0) AS total, count(*) AS entries
            FROM ledger_entries e WHERE e.transfer_id = t.id
        ) x
       WHERE x.entries < 2 OR x.total <> 0
       ORDER BY i.ord
       LIMIT 1;
      RAISE EXCEPTION 'ledger transfer % has % entries summing to %: it needs at least two summing to 0',
        v.key, v.entries, v.total USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transfer_balanced';
    END IF;
  END IF;
  IF NEW.account_ids IS NOT NULL THEN
    SELECT a.key, a.balance_micros, coalesce(last.balance_after_micros, 0) AS last_after
      INTO v
      FROM unnest(NEW.account_ids) WITH ORDINALITY AS i(id, ord)
      JOIN ledger_accounts a ON a.id = i.id
      LEFT JOIN LATERAL (
        SELECT e.balance_after_micros FROM ledger_entries e WHERE e.account_id = a.id ORDER BY e.id DESC LIMIT 1
      ) last ON true
     WHERE a.balance_micros <> coalesce(last.balance_after_micros, 0)
     ORDER BY i.ord
     LIMIT 1;
    IF v.key IS NOT NULL THEN
      RAISE EXCEPTION 'ledger account % has a stored balance of % but its last entry leaves %', v.key,
        v.balance_micros, v.last_after USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_balance';
    END IF;
  END IF;
  DELETE FROM ledger_commit_checks WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
