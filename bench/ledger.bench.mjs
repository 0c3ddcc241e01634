// Ledger benchmarks (issue 4), on PostgreSQL. Figures and ratios are printed, never asserted; no test or CI runs this.
//
//   DATABASE_URL=postgres://user:pass@127.0.0.1:5432/postgres npm run bench:ledger            small scale (~1-2 min)
//   DATABASE_URL=… npm run bench:ledger -- --full                                             the issue's scale
//   DATABASE_URL=… npm run bench:ledger -- --snapshots=200000 --posts=20000 --campaigns=200 --hot=20000 --workers=8
//
// It builds the API (tsc -b apps/api) and runs the real posting engine from apps/api/dist against a database of its
// own (created from DATABASE_URL's server, migrated, dropped at the end; --keep keeps it).
//
// (a) Ingest: N cumulative-metric snapshots for P posts across C campaigns become ledger postings, the way the
//     earnings job will do it: per round of snapshots, each campaign's single writer takes its advisory lock and reads
//     its budget (one round trip), computes all its posts in one accrueCampaignBatch and posts the batch through LedgerService.post. Compared with
//     a raw batched INSERT of the same number of rows, in batches of the same sizes and the same concurrency, into
//     tables with the same indexes (CREATE TABLE … (LIKE … INCLUDING ALL): indexes, defaults and CHECKs; no triggers,
//     no foreign keys), round by round: each round's raw insert runs right after the ledger's, so that both sides
//     meet the same load on a shared machine. Both are warmed up first, untimed (a ledger ingest of other campaigns, and its raw insert), so
//     that neither pays for the JavaScript compiler's warm-up, as a long-running worker does not: at the default
//     scale that warm-up was a third of the ledger's Node CPU time.
// (b) Hot campaign: accepted accruals per second into ONE campaign, single-writer batches (one transaction and one
//     balance UPDATE per account per batch) against a naive design where each accrual is its own transaction that
//     takes the budget row with SELECT … FOR UPDATE, from many concurrent workers.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    snapshots: { type: 'string' },
    posts: { type: 'string' },
    campaigns: { type: 'string' },
    hot: { type: 'string' },
    'hot-batch': { type: 'string' },
    'naive-workers': { type: 'string' },
    'naive-seconds': { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
    warmup: { type: 'string' },
  },
});

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error(
    [
      'bench:ledger needs PostgreSQL: set DATABASE_URL to a server it may create a database on, e.g.',
      '  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:ledger',
      'It creates its own database (cr_bench_…), and drops it at the end unless --keep is given.',
    ].join('\n'),
  );
  process.exit(2);
}

const int = (value, fallback) => (value === undefined ? fallback : Number.parseInt(value, 10));
const config = {
  snapshots: int(flags.snapshots, flags.full ? 1_000_000 : 60_000),
  posts: int(flags.posts, flags.full ? 100_000 : 6_000),
  campaigns: int(flags.campaigns, flags.full ? 1_000 : 60),
  hot: int(flags.hot, flags.full ? 100_000 : 6_000),
  hotBatch: int(flags['hot-batch'], 500),
  naiveWorkers: int(flags['naive-workers'], 32),
  naiveSeconds: int(flags['naive-seconds'], flags.full ? 60 : 15),
  workers: int(flags.workers, 8),
  seed: int(flags.seed, 20261203),
  /** Campaigns of the untimed warm-up ingest (posts per campaign and rounds as in the timed one); 0: none. */
  warmup: int(flags.warmup, 60),
};
const rounds = Math.max(1, Math.floor(config.snapshots / config.posts));
/** Raw rows get unique keys across the warm-up and the timed run. */
let rawKeys = 0;

// ---- Build and load the real engine ------------------------------------------------------------------------------
process.stdout.write('building the API (tsc -b apps/api) … ');
const build = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b', 'apps/api'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (build.status !== 0) {
  process.stdout.write('failed\n');
  process.stderr.write(build.stdout);
  process.stderr.write(build.stderr);
  process.exit(1);
}
process.stdout.write('done\n');

const { openDatabase, migrate, queryRows, uuidv7 } = await import('@creator-rewards/db');
const domain = await import('@creator-rewards/domain');
const { LedgerService } = await import('../apps/api/dist/modules/ledger/ledger.service.js');
const { LedgerRepository } = await import('../apps/api/dist/modules/ledger/ledger.repository.js');
const { LedgerReconciliationService } =
  await import('../apps/api/dist/modules/ledger/ledger-reconciliation.service.js');
const { LedgerReconciliationRepository } =
  await import('../apps/api/dist/modules/ledger/ledger-reconciliation.repository.js');
const { sql } = await import('drizzle-orm');
const { default: pg } = await import('pg');
const { default: pino } = await import('pino');

const RATE = 5_000_000n; // $5 per 1,000 views
const MINIMUM_METRIC = 100n;
const POST_CAP = 50_000_000n;
const PARTICIPANT_CAP = 80_000_000n;
const NOW = new Date('2026-12-03T12:00:00Z');

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs tasks with at most `limit` in flight. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;
/** CPU time of this process (its main thread, the compiler's and GC's threads) since `before`. */
const cpuSeconds = (before) => {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1e6;
};
const rate = (n, s) => Math.round(n / s).toLocaleString('en-US');
const fmt = (n) => n.toLocaleString('en-US');

// ---- A database of our own ---------------------------------------------------------------------------------------
const dbName = `cr_bench_${Date.now().toString(36)}`;
const benchUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
async function admin(statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
await admin(`CREATE DATABASE "${dbName}"`);
const poolSize = Math.max(config.workers, config.naiveWorkers) + 2;
const handle = await openDatabase({ driver: 'postgres', url: benchUrl, poolSize, applicationName: 'bench-ledger' });
const logger = pino({ level: 'warn' });
const ledger = new LedgerService(handle, logger, new LedgerRepository());
const reconciliation = new LedgerReconciliationService(handle, logger, new LedgerReconciliationRepository());

try {
  await migrate(handle);
  const [{ version }] = await queryRows(handle.db, sql`SELECT current_setting('server_version') AS version`);
  console.log(
    `PostgreSQL ${version}, database ${dbName}; ${config.snapshots.toLocaleString('en-US')} snapshots, ` +
      `${fmt(config.posts)} posts, ${fmt(config.campaigns)} campaigns (${rounds} rounds), ${config.workers} workers; ` +
      `hot: ${fmt(config.hot)} accruals, batches of ${config.hotBatch}, naive ${config.naiveWorkers} workers ` +
      `for at most ${config.naiveSeconds} s`,
  );
  if (config.warmup > 0) {
    const campaigns = Math.min(config.warmup, config.campaigns);
    const posts = Math.ceil((config.posts / config.campaigns) * campaigns);
    process.stdout.write(`warm-up (untimed): ${fmt(campaigns)} other campaigns, ${fmt(posts)} posts\n`);
    await benchIngest({ prefix: 'warm', campaigns, posts, seed: config.seed + 2 });
  }
  const ingest = await benchIngest({ prefix: '', campaigns: config.campaigns, posts: config.posts, seed: config.seed });
  const hot = await benchHot();
  await checkBooks();

  console.log('\n== results ==');
  console.log(
    `(a) ingest: ${fmt(config.snapshots)} snapshots -> ${fmt(ingest.transfers)} transfers + ${fmt(ingest.entries)} entries ` +
      `in ${ingest.seconds.toFixed(1)} s: ${rate(ingest.snapshots, ingest.seconds)} snapshots/s, ` +
      `${rate(ingest.transfers, ingest.seconds)} postings (transfers)/s, ${rate(ingest.rows, ingest.seconds)} rows/s`,
  );
  console.log(
    `    raw batched INSERT of the same ${fmt(ingest.rows)} rows in the same batches: ${ingest.rawSeconds.toFixed(1)} s, ` +
      `${rate(ingest.rows, ingest.rawSeconds)} rows/s`,
  );
  console.log(`    ratio ledger / raw = ${(ingest.rawSeconds / ingest.seconds).toFixed(2)} (target >= 0.5)`);
  console.log(
    `    CPU time of this process (the earnings computation, the engine, the driver): ` +
      `${ingest.cpuSeconds.toFixed(1)} s of the ledger's ${ingest.seconds.toFixed(1)} s, ` +
      `${ingest.rawCpuSeconds.toFixed(1)} s of the raw insert's ${ingest.rawSeconds.toFixed(1)} s`,
  );
  console.log(
    `(b) hot campaign: single-writer batches ${rate(hot.batched, hot.batchedSeconds)} accepted accruals/s ` +
      `(${fmt(hot.batched)} in ${hot.batchedSeconds.toFixed(1)} s); naive SELECT … FOR UPDATE per accrual ` +
      `${rate(hot.naive, hot.naiveSeconds)} accruals/s (${fmt(hot.naive)} in ${hot.naiveSeconds.toFixed(1)} s)`,
  );
  console.log(
    `    ratio = ${(hot.batched / hot.batchedSeconds / (hot.naive / hot.naiveSeconds)).toFixed(1)}x (target >= 10x)`,
  );
} finally {
  await handle.close();
  if (flags.keep) console.log(`kept database ${dbName}`);
  else await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}

// ---- (a) ingest --------------------------------------------------------------------------------------------------
async function benchIngest({ prefix, campaigns, posts: postCount, seed }) {
  const next = random(seed);
  const perCampaign = Math.ceil(postCount / campaigns);
  /** Per campaign: its posts with their metric series, and the single writer's state (the earnings tables to come). */
  const world = Array.from({ length: campaigns }, (_, c) => {
    const campaignId = `cmp${prefix}_${c}`;
    const posts = [];
    for (let i = 0; i < perCampaign && c + i * campaigns < postCount; i++) {
      const participation = Math.floor(i / 2);
      let metric = 0n;
      const series = Array.from({ length: rounds }, () => {
        // Mostly growth; now and then the platform removes views (a clawback).
        const change = next() < 0.04 ? -BigInt(Math.floor(next() * 3_000)) : BigInt(Math.floor(next() * 2_500));
        metric = metric + change < 0n ? 0n : metric + change;
        return metric;
      });
      posts.push({
        postId: `post${prefix}_${c}_${i}`,
        participationId: `ptn${prefix}_${c}_${participation}`,
        series,
        sequence: 0,
        posted: 0n,
      });
    }
    const participations = new Map();
    for (const post of posts) {
      if (!participations.has(post.participationId)) {
        participations.set(post.participationId, {
          participationId: post.participationId,
          participantId: post.participationId.replace('ptn', 'usr'),
          postedMicros: 0n,
          pendingMicros: 0n,
        });
      }
    }
    const demand = posts.reduce((sum, p) => {
      const earned = domain.earningsMicros(p.series.at(-1), RATE);
      return sum + (earned < POST_CAP ? earned : POST_CAP);
    }, 0n);
    // Budgets between 60% and 140% of demand: some campaigns run dry before the last round.
    const budget = (demand * BigInt(60 + Math.floor(next() * 80))) / 100n + 1_000_000n;
    return { campaignId, posts, participations, budget };
  });

  await pool(
    world.map(
      (c) => () =>
        ledger.post([
          domain.buildFund({
            paymentId: `pay_${c.campaignId}`,
            campaignId: c.campaignId,
            currency: 'USD',
            grossMicros: c.budget,
            fee: { basisPoints: 1_000n },
          }),
        ]),
    ),
    config.workers,
  );

  let transfers = 0;
  let entries = 0;
  // Time and CPU of each side, summed over the rounds: the raw insert of a round runs right after the ledger's, so
  // both sides meet the same load on a shared machine (its speed drifts by tens of percent within minutes).
  const ledgerTime = { seconds: 0, cpuSeconds: 0 };
  const rawTime = { seconds: 0, cpuSeconds: 0 };
  const raw = await rawInserter();
  for (let round = 0; round < rounds; round++) {
    const now = new Date(NOW.getTime() + round * 3_600_000);
    const jobs = world.map((campaign) => async () => {
      // The lock and the campaign's budget in one round trip, as the earnings job reads it (readOwners).
      const { campaignId } = campaign;
      return ledger.withSingleWriter(
        `campaign:${campaignId}`,
        async (tx, [budget]) => {
          const batch = domain.accrueCampaignBatch(
            {
              campaignId: campaign.campaignId,
              currency: 'USD',
              ratePerThousandMicros: RATE,
              minimumMetric: MINIMUM_METRIC,
              postCapMicros: POST_CAP,
              participantCapMicros: PARTICIPANT_CAP,
              budgetRemainingMicros: budget.storedMicros,
              holdDays: 7,
              now,
              participations: [...campaign.participations.values()],
            },
            campaign.posts.map((post) => ({
              postId: post.postId,
              participationId: post.participationId,
              sequence: post.sequence,
              metricTotal: post.series[round],
              alreadyPostedMicros: post.posted,
              postStatus: 'tracking',
              snapshot: { id: `snap_${post.postId}_${round}`, observedAt: now },
            })),
          );
          if (batch.transfers.length === 0) return [0, 0];
          const result = await ledger.post(batch.transfers, { tx, effectiveAt: now });
          if (result.outcomes.some((o) => o.status !== 'applied'))
            throw new Error('a fresh batch was not applied whole');
          // The single writer's state after the run (what the earnings module will store with the batch).
          const byId = new Map(campaign.posts.map((p) => [p.postId, p]));
          for (const r of batch.results) {
            const post = byId.get(r.postId);
            post.sequence = r.nextSequence;
            post.posted = r.postedAfterMicros;
          }
          for (const p of batch.participations) {
            const state = campaign.participations.get(p.participationId);
            state.postedMicros = p.postedMicros;
            state.pendingMicros = p.pendingMicros;
          }
          return [batch.transfers.length, batch.transfers.reduce((n, t) => n + t.entries.length, 0)];
        },
        { readOwners: [campaignId] },
      );
    });
    const results = await timed(ledgerTime, () => pool(jobs, config.workers));
    const shape = results.filter(([t]) => t > 0);
    await timed(rawTime, () => raw.round(shape));
    for (const [t, e] of results) {
      transfers += t;
      entries += e;
    }
    process.stdout.write(`\r(a) ingest: round ${round + 1}/${rounds}, ${fmt(transfers)} transfers`);
  }
  process.stdout.write('\n');
  return {
    snapshots: rounds * postCount,
    transfers,
    entries,
    rows: transfers + entries,
    seconds: ledgerTime.seconds,
    cpuSeconds: ledgerTime.cpuSeconds,
    rawSeconds: rawTime.seconds,
    rawCpuSeconds: rawTime.cpuSeconds,
  };
}

/** Adds fn's elapsed time and this process's CPU time during it to `into`. */
async function timed(into, fn) {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await fn();
  into.seconds += seconds(started);
  into.cpuSeconds += cpuSeconds(cpuBefore);
  return result;
}

/**
 * The raw side: per round, the same number of rows as the ledger's round, batch by batch ([transfers, entries] per
 * transaction), with the same concurrency, into equally indexed tables.
 */
async function rawInserter() {
  await handle.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_raw_transfers (LIKE ledger_transfers INCLUDING ALL)`);
  await handle.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_raw_entries (LIKE ledger_entries INCLUDING ALL)`);
  const metadata = {
    campaignId: 'cmp_000',
    participationId: 'ptn_000_00',
    postId: 'post_000_00',
    sequence: '3',
    holdEndsAt: '2026-12-10T12:00:00.000Z',
    metricTotal: '12345',
    owedMicros: '61725000',
    snapshotId: 'snap_post_000_00_3',
  };
  const round = (jobs) =>
    pool(
      jobs.map(([transferCount, entryCount]) => async () => {
        const transfers = Array.from({ length: transferCount }, () => ({
          id: uuidv7(),
          kind: 'accrue',
          idempotency_key: `earnings:raw_${rawKeys++}:0`,
          currency: 'USD',
          metadata,
        }));
        const entryTransfer = [];
        const entryAccount = [];
        const entryAmount = [];
        const entryAfter = [];
        for (let i = 0; i < entryCount; i++) {
          entryTransfer.push(`"${transfers[i % transferCount].id}"`);
          entryAccount.push(String(1 + (i % 997)));
          entryAmount.push(i % 2 === 0 ? '-61725000' : '61725000');
          entryAfter.push(String(1_000_000_000 - i));
        }
        await handle.db.transaction(async (tx) => {
          await tx.execute(
            sql`INSERT INTO bench_raw_transfers (id, kind, idempotency_key, currency, metadata)
                SELECT r.id, r.kind, r.idempotency_key, r.currency, r.metadata
                  FROM jsonb_to_recordset(${JSON.stringify(transfers)}::text::jsonb)
                       AS r(id uuid, kind text, idempotency_key text, currency text, metadata jsonb)`,
          );
          await tx.execute(
            sql`INSERT INTO bench_raw_entries (transfer_id, account_id, amount_micros, balance_after_micros)
                SELECT * FROM unnest(${`{${entryTransfer.join(',')}}`}::text::uuid[], ${`{${entryAccount.join(',')}}`}::text::int8[],
                                     ${`{${entryAmount.join(',')}}`}::text::int8[], ${`{${entryAfter.join(',')}}`}::text::int8[])`,
          );
        });
      }),
      config.workers,
    );
  return { round };
}

// ---- (b) hot campaign --------------------------------------------------------------------------------------------
async function benchHot() {
  const next = random(config.seed + 1);
  const campaignId = 'cmp_hot';
  const budgetKey = domain.accountKey('campaign_budget', campaignId, 'USD');
  await ledger.post([domain.buildFund({ paymentId: 'pay_hot', campaignId, currency: 'USD', grossMicros: 10n ** 15n })]);
  const request = (prefix, i) => ({
    postId: `${prefix}_${i}`,
    participationId: `ptn_${prefix}_${i}`,
    participantId: `usr_${prefix}_${i}`,
    metricTotal: BigInt(1_000 + Math.floor(next() * 50_000)),
  });

  // Single writer: requests wait in the campaign's queue; the writer drains up to hotBatch per transaction.
  const queue = Array.from({ length: config.hot }, (_, i) => request('b', i));
  let batched = 0;
  let started = process.hrtime.bigint();
  while (queue.length > 0) {
    const take = queue.splice(0, config.hotBatch);
    const accepted = await ledger.withSingleWriter(
      `campaign:${campaignId}`,
      async (tx, [budget]) => {
        const batch = domain.accrueCampaignBatch(
          {
            campaignId,
            currency: 'USD',
            ratePerThousandMicros: RATE,
            minimumMetric: 0n,
            budgetRemainingMicros: budget.storedMicros,
            holdDays: 7,
            now: NOW,
            participations: take.map((r) => ({
              participationId: r.participationId,
              participantId: r.participantId,
              postedMicros: 0n,
              pendingMicros: 0n,
            })),
          },
          take.map((r) => ({
            postId: r.postId,
            participationId: r.participationId,
            sequence: 0,
            metricTotal: r.metricTotal,
            alreadyPostedMicros: 0n,
            postStatus: 'tracking',
          })),
        );
        const result = await ledger.post(batch.transfers, { tx, effectiveAt: NOW });
        return result.outcomes.filter((o) => o.status === 'applied').length;
      },
      { readOwners: [campaignId] },
    );
    batched += accepted;
  }
  const batchedSeconds = seconds(started);
  console.log(`(b) single-writer batches: ${fmt(batched)} accruals in ${batchedSeconds.toFixed(1)} s`);

  // Naive: every accrual its own transaction, taking the budget row FOR UPDATE, from many workers at once.
  const naiveQueue = Array.from({ length: config.hot }, (_, i) => request('n', i));
  let naive = 0;
  started = process.hrtime.bigint();
  const deadline = Date.now() + config.naiveSeconds * 1000;
  await Promise.all(
    Array.from({ length: config.naiveWorkers }, async () => {
      while (naiveQueue.length > 0 && Date.now() < deadline) {
        const r = naiveQueue.shift();
        // (Not `naive += await …`: that reads `naive` before the await and loses the other workers' increments.)
        const accepted = await handle.db.transaction(async (tx) => {
          const [row] = await queryRows(
            tx,
            sql`SELECT balance_micros::text AS balance FROM ledger_accounts WHERE key = ${budgetKey} FOR UPDATE`,
          );
          const accrual = domain.computeAccrual({
            metricTotal: r.metricTotal,
            ratePerThousandMicros: RATE,
            minimumMetric: 0n,
            alreadyPostedMicros: 0n,
            budgetRemainingMicros: BigInt(row.balance),
            postStatus: 'tracking',
          });
          if (accrual.accrueMicros === 0n) return 0;
          const transfer = domain.buildAccrue({
            campaignId,
            participationId: r.participationId,
            postId: r.postId,
            sequence: 0,
            currency: 'USD',
            amountMicros: accrual.accrueMicros,
            holdEndsAt: domain.holdEndsAt(NOW, 7),
          });
          const result = await ledger.post([transfer], { tx, effectiveAt: NOW });
          return result.outcomes[0].status === 'applied' ? 1 : 0;
        });
        naive += accepted;
      }
    }),
  );
  const naiveSeconds = seconds(started);
  console.log(`(b) naive FOR UPDATE per accrual: ${fmt(naive)} accruals in ${naiveSeconds.toFixed(1)} s`);

  // The figures above, counted again from the ledger itself.
  const posted = async (prefix) =>
    Number(
      (
        await queryRows(
          handle.db,
          sql`SELECT count(*)::int AS n FROM ledger_transfers WHERE kind = 'accrue' AND starts_with(idempotency_key, ${`earnings:${prefix}_`})`,
        )
      )[0].n,
    );
  const [inLedgerBatched, inLedgerNaive] = [await posted('b'), await posted('n')];
  if (inLedgerBatched !== batched || inLedgerNaive !== naive) {
    throw new Error(`counted ${batched}/${naive} accruals but the ledger holds ${inLedgerBatched}/${inLedgerNaive}`);
  }
  return { batched, batchedSeconds, naive, naiveSeconds };
}

async function checkBooks() {
  const report = await reconciliation.reconcile();
  console.log(
    `reconciliation: ${report.ok ? 'clean' : 'DIFFERENCES FOUND'} (${fmt(Number(report.accountsChecked))} accounts, ` +
      `${fmt(Number(report.entriesChecked))} entries, ${fmt(Number(report.transfersChecked))} transfers)`,
  );
  if (!report.ok) process.exitCode = 1;
}
