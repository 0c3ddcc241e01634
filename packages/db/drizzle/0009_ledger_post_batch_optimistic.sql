-- ledger_post_batch (0007) with a cheaper first attempt; every rule and every answer as before.
--
-- The engine's first call for a batch (p_keep_locks = false) is now optimistic. It used to count the batch's accounts,
-- lock them all (SELECT … FOR UPDATE, a WAL record and a page write per row), compare their balances and versions,
-- look every key of the batch up, and only then write. Now:
--   - missing accounts are looked for (and created) only when the engine expects one that never had an entry
--     (an expected version of 0): accounts are never deleted, so one the engine saw with entries exists;
--   - the balance UPDATE is the compare-and-set: it changes an account only where balance and version are the
--     expected ones, taking each row lock as it goes, in key order; an account it did not change means the state
--     differs, and the call is undone (its subtransaction) and answers the state;
--   - keys are not looked up first: a key already recorded fails the INSERT (unique violation), and the call is
--     undone and answers the state, the recorded transfers included; only the keys of transfers the engine does
--     not write (its model refused them) are looked up, when there are any.
-- In the expected state (a single writer's batch, the common case) that is one pass over the accounts instead of
-- three and none over the keys. The state a first call answers is read without locks, as before it was released
-- with them; the engine decides again and its second call (p_keep_locks = true) locks and compares first, as 0007's
-- did, keeping the locks when the state is stale, then writes through the same balance UPDATE, which under its locks
-- finds what it expects. Both calls lock accounts in key order, so concurrent batches take their locks in one order.
DROP FUNCTION ledger_post_batch(text[], text[], text[], text[], boolean[], text[], bigint[], bigint[], bigint[], text[],
                                uuid[], jsonb, timestamptz, int[], int[], bigint[], bigint[], boolean);
--> statement-breakpoint

-- The transfers recorded under some keys, with their entries, as the engine reads them (answers of both calls).
CREATE FUNCTION ledger_recorded_transfers(p_transfer_keys text[]) RETURNS jsonb LANGUAGE sql STABLE
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'id', t.id::text, 'kind', t.kind, 'key', t.idempotency_key, 'currency', t.currency::text,
           'metadata', t.metadata,
           'created_at', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'effective_at', to_char(t.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'entries', (SELECT coalesce(jsonb_agg(jsonb_build_array(a.key, e.amount_micros::text) ORDER BY e.id),
                                       '[]'::jsonb)
                         FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                        WHERE e.transfer_id = t.id))), '[]'::jsonb)
    FROM unnest(p_transfer_keys) AS k(key) JOIN ledger_transfers t ON t.idempotency_key = k.key
$$;
--> statement-breakpoint

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
  -- Index probes driven by the batch's rows, whatever the planner thinks of the tables' sizes (0007, 1), planned once.
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_count int := cardinality(p_keys);
  v_ids bigint[];
  v_balances bigint[];
  v_versions bigint[];
  v_changed int;
  v_ok boolean;
  v_stale boolean := false;
  v_sqlstate text;
  v_constraint text;
  v_message text;
BEGIN
  BEGIN
    IF p_keep_locks OR 0 = ANY (p_expected_versions) THEN
      IF (SELECT count(*) FROM unnest(p_keys) AS k(key) JOIN ledger_accounts a ON a.key = k.key) < v_count THEN
        INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
        SELECT r.key, r.type, r.owner_id, r.currency, r.non_negative, r.negative_via::text[]
          FROM unnest(p_keys, p_types, p_owner_ids, p_currencies, p_non_negative, p_negative_via)
               AS r(key, type, owner_id, currency, non_negative, negative_via)
         WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.key = r.key)
         ORDER BY r.key
        ON CONFLICT (key) DO NOTHING;
      END IF;
    END IF;

    IF p_keep_locks THEN
      -- A second call: lock, compare, and on a stale state answer it keeping the locks for the next call.
      SELECT array_agg(l.balance_micros ORDER BY l.ord), array_agg(l.version ORDER BY l.ord), count(*)
        INTO v_balances, v_versions, v_changed
        FROM (SELECT a.balance_micros, a.version, k.ord
                FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord) JOIN ledger_accounts a ON a.key = k.key
               ORDER BY k.key
                 FOR UPDATE OF a) l;
      IF v_changed <> v_count THEN
        RAISE EXCEPTION 'ledger_post_batch: % of % accounts found after creating them', v_changed, v_count
          USING ERRCODE = 'LG003';
      END IF;
      IF v_balances IS DISTINCT FROM p_expected_balances OR v_versions IS DISTINCT FROM p_expected_versions
         OR EXISTS (SELECT 1 FROM unnest(p_transfer_keys) AS k(key)
                      JOIN ledger_transfers t ON t.idempotency_key = k.key)
      THEN
        RETURN jsonb_build_object(
          'status', 'stale',
          'accounts', (SELECT jsonb_agg(jsonb_build_array(p_keys[i], v_balances[i]::text, v_versions[i]::text)
                                        ORDER BY i)
                         FROM generate_subscripts(p_keys, 1) AS i),
          'transfers', ledger_recorded_transfers(p_transfer_keys));
      END IF;
    -- A first call: keys of transfers the engine does not write (its model refused them) meet no unique index: one
    -- already recorded changes their outcome (duplicate or key_conflict come before any balance rule). When every key
    -- is written, as in the common case, there is nothing to look up.
    ELSIF cardinality(p_transfer_keys) > cardinality(p_transfer_ids)
          AND EXISTS (SELECT 1
                        FROM (SELECT k.key FROM unnest(p_transfer_keys) AS k(key)
                              EXCEPT
                              SELECT r.idempotency_key
                                FROM jsonb_to_recordset(p_transfers) AS r(idempotency_key text)) u
                        JOIN ledger_transfers t ON t.idempotency_key = u.key)
    THEN
      RAISE EXCEPTION 'stale' USING ERRCODE = 'LG001';
    END IF;

    -- The balance UPDATE, one per account of the batch: in a first call it is the compare-and-set, locking each
    -- account as it changes it, in key order; in a second call the accounts are locked and compared already, so it
    -- finds what it expects. Every account is in it, with the sum and count of its entries (none for one named only
    -- by transfers the engine refused: compared all the same, its balance being part of the decision).
    WITH c AS MATERIALIZED (
      SELECT x.ord, p_keys[x.ord] AS key, coalesce(sum(x.amount), 0)::bigint AS delta, count(x.amount) AS entries
        FROM (SELECT u.account, u.amount FROM unnest(p_entry_accounts, p_entry_amounts) AS u(account, amount)
              UNION ALL
              SELECT i, NULL FROM generate_subscripts(p_keys, 1) AS i) AS x(ord, amount)
       GROUP BY x.ord
       ORDER BY key
    ), changed AS (
      UPDATE ledger_accounts a
         SET balance_micros = a.balance_micros + c.delta, version = a.version + c.entries
        FROM c
       WHERE a.key = c.key
         AND a.balance_micros = p_expected_balances[c.ord] AND a.version = p_expected_versions[c.ord]
      RETURNING c.ord, a.id, a.balance_micros = p_final_balances[c.ord] AS ok
    )
    SELECT count(*), bool_and(ok), array_agg(id ORDER BY ord) INTO v_changed, v_ok, v_ids FROM changed;
    IF v_changed < v_count THEN
      RAISE EXCEPTION 'stale' USING ERRCODE = 'LG001'; -- (first calls only) undoes what changed, releases the locks
    END IF;
    IF v_ok IS NOT TRUE THEN
      RAISE EXCEPTION 'ledger_post_batch: a balance after the batch differs from the engine''s'
        USING ERRCODE = 'LG003';
    END IF;

    IF cardinality(p_transfer_ids) > 0 THEN
      -- A plain INSERT: a key recorded meanwhile (or, in a first call, at all) is a unique violation, handled below.
      INSERT INTO ledger_transfers (id, kind, idempotency_key, currency, metadata, effective_at)
      SELECT p_transfer_ids[r.ord], r.kind, r.idempotency_key, r.currency, r.metadata, coalesce(p_effective_at, now())
        FROM ROWS FROM (jsonb_to_recordset(p_transfers)
                          AS (kind text, idempotency_key text, currency text, metadata jsonb))
             WITH ORDINALITY AS r(kind, idempotency_key, currency, metadata, ord)
       ORDER BY r.ord;

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
      v_stale := true;
    WHEN query_canceled OR others THEN
      GET STACKED DIAGNOSTICS v_sqlstate = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME, v_message = MESSAGE_TEXT;
      IF v_sqlstate = '23505' AND v_constraint = 'ledger_transfers_idempotency_key_key' THEN
        IF NOT p_keep_locks THEN
          v_stale := true;
        ELSE
          v_sqlstate := 'LG002';
        END IF;
      END IF;
      IF NOT v_stale THEN
        RETURN jsonb_build_object('status', 'error', 'sqlstate', v_sqlstate, 'constraint', nullif(v_constraint, ''),
                                  'message', v_message);
      END IF;
  END;
  -- A first call found another state: everything it did is undone; answer the state as it is now (committed), an
  -- account that does not exist as a new one would be.
  RETURN jsonb_build_object(
    'status', 'stale',
    'accounts', (SELECT jsonb_agg(jsonb_build_array(k.key, coalesce(a.balance_micros, 0)::text,
                                                    coalesce(a.version, 0)::text) ORDER BY k.ord)
                   FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord) LEFT JOIN ledger_accounts a ON a.key = k.key),
    'transfers', ledger_recorded_transfers(p_transfer_keys));
END;
$$;
