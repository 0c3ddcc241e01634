-- The ledger's write path made cheap enough for ingest (issue 4's benchmark), its rules unchanged: every rule of 0004
-- holds for the same rows, raises the same errors with the same CONSTRAINT names, at the same moments.
--   1. The statement check on ledger_entries keeps index-driven plans whatever the tables' sizes.
--   2. The checks at COMMIT run once per statement over its rows instead of once per row.
--   3. ledger_post_batch(): a posting batch in one round trip.
--   4. Room for in-page (HOT) updates of the account rows every batch updates.

-- 1. ledger_entries' statement check (0004, 5), the same two checks. Its queries have no parameters, so each
-- session plans them once and keeps the plan: planned while the tables were small (a new database, a test run),
-- that plan was a hash join over a sequential scan of ledger_transfers and ledger_accounts, whose cost then grew
-- with the tables at every statement. Planner settings on the function pin its plans to nested loops of index
-- probes driven by the statement's rows: the cost follows the statement's size, never the tables'.
CREATE OR REPLACE FUNCTION ledger_entries_check() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
DECLARE
  v_problem text;
BEGIN
  SELECT format('entry on transfer %s: %s', n.transfer_id,
                CASE WHEN t.id IS NULL THEN 'no such transfer'
                     ELSE 'transfer ' || t.idempotency_key || ' was recorded by an earlier transaction; its entries are final' END)
    INTO v_problem
    FROM (SELECT DISTINCT transfer_id FROM new_entries) n LEFT JOIN ledger_transfers t ON t.id = n.transfer_id
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

-- 2. The checks at COMMIT (0004, 4 and 5b), per statement. They were deferred row triggers: one query per transfer
-- and one per account at every COMMIT, most of it the fixed cost of running a query. Now a statement trigger on
-- each table records the statement's rows (the transfers it inserted; the accounts whose balance it changed) as ONE
-- row of ledger_commit_checks, whose deferred row trigger checks them all at COMMIT in one query each:
--   - every transfer: at least two entries summing to exactly zero, all on accounts of its currency and allowed by
--     its kind's plan (ledger_transfer_balanced, _currency, _plan, as before);
--   - every account: its stored balance equals its last entry's balance_after (ledger_account_balance).
-- Nothing can skip a recorded check: the deferred event holds the row as inserted (deleting or updating it does not
-- change what is checked) and TRUNCATE is refused while the event is pending. A passed check deletes its row, so
-- the table is empty outside transactions.

-- The deferred row triggers and functions this replaces:
DROP TRIGGER ledger_transfers_balanced ON ledger_transfers;
--> statement-breakpoint
DROP TRIGGER ledger_accounts_balance_matches ON ledger_accounts;
--> statement-breakpoint
DROP FUNCTION ledger_transfers_check();
--> statement-breakpoint
DROP FUNCTION ledger_assert_transfer_valid(uuid);
--> statement-breakpoint
DROP FUNCTION ledger_accounts_check();
--> statement-breakpoint
CREATE TABLE ledger_commit_checks (
  id bigserial PRIMARY KEY,
  transfer_ids uuid[],
  account_ids bigint[]
);
--> statement-breakpoint
CREATE FUNCTION ledger_transfers_record_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_commit_checks (transfer_ids)
  SELECT array_agg(id) FROM new_transfers HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_transfers_commit_check AFTER INSERT ON ledger_transfers
  REFERENCING NEW TABLE AS new_transfers FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfers_record_check();
--> statement-breakpoint
-- (Its own planner settings: fired inside ledger_post_batch (3), it would otherwise plan under that function's.)
CREATE FUNCTION ledger_accounts_record_check() RETURNS trigger LANGUAGE plpgsql
  SET enable_hashjoin = on SET enable_seqscan = on
AS $$
BEGIN
  INSERT INTO ledger_commit_checks (account_ids)
  SELECT array_agg(n.id)
    FROM new_accounts n JOIN old_accounts o ON o.id = n.id
   WHERE n.balance_micros IS DISTINCT FROM o.balance_micros
  HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_commit_check AFTER UPDATE ON ledger_accounts
  REFERENCING OLD TABLE AS old_accounts NEW TABLE AS new_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_accounts_record_check();
--> statement-breakpoint
CREATE FUNCTION ledger_commit_check() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v record;
BEGIN
  IF NEW.transfer_ids IS NOT NULL THEN
    -- The first transfer (in insertion order) that breaks a rule; the same tests, in the same order, as 0004's.
    SELECT t.idempotency_key AS key, t.kind, t.currency, x.total, x.entries, x.wrong_currency, x.off_plan
      INTO v
      FROM unnest(NEW.transfer_ids) WITH ORDINALITY AS i(id, ord)
      JOIN ledger_transfers t ON t.id = i.id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(e.amount_micros), 0) AS total,
               count(*) AS entries,
               count(*) FILTER (WHERE a.currency <> t.currency) AS wrong_currency,
               count(*) FILTER (WHERE NOT (t.kind || CASE WHEN e.amount_micros < 0 THEN '/debit/' ELSE '/credit/' END
                                            || a.type) = ANY (ledger_transfer_plan_paths())) AS off_plan
          FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
         WHERE e.transfer_id = t.id
      ) x
     WHERE x.wrong_currency > 0 OR x.off_plan > 0 OR x.entries < 2 OR x.total <> 0
     ORDER BY i.ord
     LIMIT 1;
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
  END IF;
  IF NEW.account_ids IS NOT NULL THEN
    -- Each account as it is now: a later statement may have moved it again (and recorded its own check).
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
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_commit_checks_run AFTER INSERT ON ledger_commit_checks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_commit_check();
--> statement-breakpoint

-- 3. One posting batch, decided by the engine (the domain's reference model, apps/api LedgerService) and written
-- in one call, atomically: the body is a subtransaction (its EXCEPTION block), so a failure undoes all of it and
-- leaves the caller's transaction usable, as a savepoint does, without the savepoint's two round trips.
--
-- Compare-and-set: the engine decides on the state it expects, p_expected_balances and p_expected_versions (aligned
-- with p_keys), and on none of p_transfer_keys (the batch's keys it believes unrecorded) being recorded. Under the
-- row locks, if the state differs, nothing is written and the answer is the state ('stale': balances, versions and
-- the transfers recorded under those keys) for the engine to decide again; with p_keep_locks the accounts stay
-- created and locked for that next call, otherwise this call leaves nothing behind. If the state is the expected
-- one, it writes exactly the engine's decision: the transfers (p_transfer_ids and p_transfers, aligned, in key
-- order), ONE balance UPDATE per touched account, checked against the engine's p_final_balances, and the entries
-- (p_entry_*, in posting order; transfers and accounts as 1-based positions in p_transfer_ids and p_keys). Every
-- rule above and in 0004 applies to these rows as to any others.
--
-- The order of work is the engine's, the one that cannot deadlock: missing accounts created (key order) before any
-- row lock, locks taken in id order, transfers inserted in key order. Errors come back as values ('error': SQLSTATE,
-- constraint, message; LG002 a key of the batch recorded meanwhile by a concurrent transaction, LG003 an engine
-- bug) rather than raised: that is what keeps the caller's transaction usable.
CREATE FUNCTION ledger_post_batch(
  p_keys text[],
  p_types text[],
  p_owner_ids text[],
  p_currencies text[],
  p_non_negative boolean[],
  p_negative_via text[],
  p_expected_balances bigint[],
  p_expected_versions bigint[],
  p_final_balances bigint[],
  p_transfer_keys text[],
  p_transfer_ids uuid[],
  p_transfers jsonb,
  p_effective_at timestamptz,
  p_entry_transfers int[],
  p_entry_accounts int[],
  p_entry_amounts bigint[],
  p_entry_balances_after bigint[],
  p_keep_locks boolean
) RETURNS jsonb LANGUAGE plpgsql
  -- Index probes driven by the batch's rows, whatever the planner thinks of the tables' sizes (see 1), planned once.
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_count int := cardinality(p_keys);
  v_ids bigint[];
  v_balances bigint[];
  v_versions bigint[];
  v_state jsonb;
  v_ok boolean;
  v_sqlstate text;
  v_constraint text;
  v_message text;
BEGIN
  BEGIN
    IF (SELECT count(*) FROM unnest(p_keys) AS k(key) JOIN ledger_accounts a ON a.key = k.key) < v_count THEN
      INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
      SELECT r.key, r.type, r.owner_id, r.currency, r.non_negative, r.negative_via::text[]
        FROM unnest(p_keys, p_types, p_owner_ids, p_currencies, p_non_negative, p_negative_via)
             AS r(key, type, owner_id, currency, non_negative, negative_via)
       WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.key = r.key)
       ORDER BY r.key
      ON CONFLICT (key) DO NOTHING;
    END IF;

    SELECT array_agg(l.id ORDER BY l.ord), array_agg(l.balance_micros ORDER BY l.ord),
           array_agg(l.version ORDER BY l.ord)
      INTO v_ids, v_balances, v_versions
      FROM (SELECT a.id, a.balance_micros, a.version, k.ord
              FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord) JOIN ledger_accounts a ON a.key = k.key
             ORDER BY a.id
               FOR UPDATE OF a) l;
    IF coalesce(cardinality(v_ids), 0) <> v_count THEN
      RAISE EXCEPTION 'ledger_post_batch: % of % accounts found after creating them', coalesce(cardinality(v_ids), 0),
        v_count USING ERRCODE = 'LG003';
    END IF;

    IF v_balances IS DISTINCT FROM p_expected_balances OR v_versions IS DISTINCT FROM p_expected_versions
       OR EXISTS (SELECT 1 FROM unnest(p_transfer_keys) AS k(key) JOIN ledger_transfers t ON t.idempotency_key = k.key)
    THEN
      v_state := jsonb_build_object(
        'status', 'stale',
        'accounts', (SELECT jsonb_agg(jsonb_build_array(p_keys[i], v_balances[i]::text, v_versions[i]::text) ORDER BY i)
                       FROM generate_subscripts(p_keys, 1) AS i),
        'transfers', (
          SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', t.id::text, 'kind', t.kind, 'key', t.idempotency_key, 'currency', t.currency::text,
                   'metadata', t.metadata,
                   'created_at', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   'effective_at', to_char(t.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   'entries', (SELECT coalesce(jsonb_agg(jsonb_build_array(a.key, e.amount_micros::text)
                                                         ORDER BY e.id), '[]'::jsonb)
                                 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                                WHERE e.transfer_id = t.id))), '[]'::jsonb)
            FROM unnest(p_transfer_keys) AS k(key) JOIN ledger_transfers t ON t.idempotency_key = k.key));
      IF p_keep_locks THEN
        RETURN v_state;
      END IF;
      RAISE EXCEPTION 'stale' USING ERRCODE = 'LG001'; -- undoes the accounts created, releases the locks
    END IF;

    IF cardinality(p_transfer_ids) > 0 THEN
      -- A plain INSERT: a key recorded by a concurrent transaction since the check above is a unique violation (it
      -- waits for that transaction first), mapped to LG002 below.
      INSERT INTO ledger_transfers (id, kind, idempotency_key, currency, metadata, effective_at)
      SELECT p_transfer_ids[r.ord], r.kind, r.idempotency_key, r.currency, r.metadata, coalesce(p_effective_at, now())
        FROM ROWS FROM (jsonb_to_recordset(p_transfers)
                          AS (kind text, idempotency_key text, currency text, metadata jsonb))
             WITH ORDINALITY AS r(kind, idempotency_key, currency, metadata, ord)
       ORDER BY r.ord;

      WITH changed AS (
        UPDATE ledger_accounts a
           SET balance_micros = a.balance_micros + c.delta, version = a.version + c.entries
          FROM (SELECT v_ids[u.account] AS id, sum(u.amount)::bigint AS delta, count(*) AS entries,
                       p_final_balances[u.account] AS final
                  FROM unnest(p_entry_accounts, p_entry_amounts) AS u(account, amount)
                 GROUP BY u.account) c
         WHERE a.id = c.id
        RETURNING a.balance_micros = c.final AS ok
      )
      SELECT bool_and(ok) INTO v_ok FROM changed;
      IF v_ok IS NOT TRUE THEN
        RAISE EXCEPTION 'ledger_post_batch: a balance after the batch differs from the engine''s'
          USING ERRCODE = 'LG003';
      END IF;

      INSERT INTO ledger_entries (transfer_id, account_id, amount_micros, balance_after_micros)
      SELECT p_transfer_ids[u.transfer], v_ids[u.account], u.amount, u.balance_after
        FROM unnest(p_entry_transfers, p_entry_accounts, p_entry_amounts, p_entry_balances_after)
             WITH ORDINALITY AS u(transfer, account, amount, balance_after, ord)
       ORDER BY u.ord;
    END IF;

    RETURN jsonb_build_object(
      'status', 'applied',
      'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'effective_at', to_char(coalesce(p_effective_at, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  EXCEPTION
    WHEN SQLSTATE 'LG001' THEN
      RETURN v_state;
    WHEN query_canceled OR others THEN
      GET STACKED DIAGNOSTICS v_sqlstate = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME, v_message = MESSAGE_TEXT;
      IF v_sqlstate = '23505' AND v_constraint = 'ledger_transfers_idempotency_key_key' THEN
        v_sqlstate := 'LG002';
      END IF;
      RETURN jsonb_build_object('status', 'error', 'sqlstate', v_sqlstate, 'constraint', nullif(v_constraint, ''),
                                'message', v_message);
  END;
END;
$$;
--> statement-breakpoint

-- 4. Every batch updates its accounts' rows (balance, version). With free space left in each page the new row
-- version stays in the same page (a HOT update) and none of the three indexes on ledger_accounts needs a new entry.
-- Applies to pages written from now on.
ALTER TABLE ledger_accounts SET (fillfactor = 70);
