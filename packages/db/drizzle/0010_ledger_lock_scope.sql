-- A single writer's lock and its first read in one round trip (LedgerService.withSingleWriter with readOwners): the
-- transaction-level advisory lock on the scope, then the accounts of some owners (a campaign's budget). Two
-- statements, not one: a VOLATILE function takes a new snapshot for each statement it runs, so the read sees
-- everything committed before the lock was granted, as a separate query after the lock would. (One statement would
-- read with the snapshot taken before it waited for the lock, and could miss the previous writer's commit.)
-- PL/pgSQL rather than SQL: its plans are kept for the session, pinned to index probes as in 0007.
CREATE FUNCTION ledger_lock_scope(p_scope text, p_owner_ids text[])
  RETURNS TABLE (key text, balance text, version text) LANGUAGE plpgsql VOLATILE
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off
  SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_scope, 0));
  RETURN QUERY
    SELECT a.key, a.balance_micros::text, a.version::text
      FROM unnest(p_owner_ids) AS o(id) JOIN ledger_accounts a ON a.owner_id = o.id
     ORDER BY a.key;
END;
$$;
