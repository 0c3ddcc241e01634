// Slots and caps under contention, through the real HTTP API on real PostgreSQL: many requests at once against one
// campaign's slot counter, one participant's submission counter, and the platform-wide unique post key. Every
// request races every other (Promise.all over app.inject, a 20-connection pool), and the test checks both the
// answers and the rows: never more than the limit, never a half-created participation or submission.
import type { Campaign, CampaignCreate, Participation } from '@creator-rewards/contracts';
import { auditLog, campaigns, participations, submissions } from '@creator-rewards/db';
import { parseSubmissionUrl } from '@creator-rewards/domain';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import type { InjectResponse } from '../../test-utils/users.js';
import { givenPublishedCampaign } from '../campaigns/test-utils/campaigns.js';
import { apply, givenParticipant, joined, submit, youtubeId } from './test-utils/participation.js';

// PGlite runs one session: its transactions never overlap and its row locks never contend, so these races would
// pass whatever the code does. They run, and mean something, only on PostgreSQL (DATABASE_URL).
const onPostgres = Boolean(process.env.DATABASE_URL);

const clock = manualClock(new Date());
let t: TestApp;
beforeAll(async () => {
  if (onPostgres) t = await startTestApp({ overrides: { clock } });
});
afterAll(() => t?.close());
beforeEach(async () => {
  if (!onPostgres) return;
  await t.tdb.truncateAll();
  clock.set(new Date());
});

const db = () => t.tdb.db;
const live = (settings: Partial<CampaignCreate>) => givenPublishedCampaign(t, { settings, clock });

function tally(responses: InjectResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const res of responses) {
    const key =
      res.statusCode < 300 ? String(res.statusCode) : `${res.statusCode} ${res.json<{ code: string }>().code}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

async function slotsTaken(campaign: Campaign) {
  const [row] = await db().select({ n: campaigns.slotsTaken }).from(campaigns).where(eq(campaigns.id, campaign.id));
  return row!.n;
}

async function countWhere(table: typeof participations, where: ReturnType<typeof and>) {
  const [row] = await db().select({ n: count() }).from(table).where(where);
  return row!.n;
}

describe('participation under concurrency (PostgreSQL)', () => {
  it.skipIf(!onPostgres)(
    '40 participants apply at once to an auto campaign with 7 slots: exactly 7 get in',
    async () => {
      const { campaign } = await live({ maxSlots: 7 });
      const people = await Promise.all(Array.from({ length: 40 }, () => givenParticipant(t, ['youtube'])));
      const responses = await Promise.all(people.map((p) => apply(t, p, campaign.id)));
      expect(tally(responses)).toEqual({ '201': 7, '409 NO_SLOTS_LEFT': 33 });
      expect(await slotsTaken(campaign)).toBe(7);
      expect(await countWhere(participations, eq(participations.campaignId, campaign.id))).toBe(7);
      expect(
        await countWhere(
          participations,
          and(
            eq(participations.campaignId, campaign.id),
            eq(participations.state, 'approved'),
            eq(participations.holdsSlot, true),
          ),
        ),
      ).toBe(7);
      const [audits] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(eq(auditLog.action, 'participation.applied'));
      expect(audits!.n).toBe(7);
    },
  );

  it.skipIf(!onPostgres)('a brand approves 20 applications at once with 5 slots: exactly 5 are approved', async () => {
    const { brand, campaign } = await live({ approvalMode: 'manual', maxSlots: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, () => givenParticipant(t, ['youtube'])));
    const applied: Participation[] = [];
    for (const p of people) applied.push(await joined(t, p, campaign.id));
    expect(applied.every((p) => p.state === 'applied')).toBe(true);
    const base = `/v1/orgs/${brand.orgId}/campaigns/${campaign.id}/participations`;
    const responses = await Promise.all(applied.map((p) => brand.request('POST', `${base}/${p.id}/approve`)));
    expect(tally(responses)).toEqual({ '200': 5, '409 NO_SLOTS_LEFT': 15 });
    expect(await slotsTaken(campaign)).toBe(5);
    const approved = and(eq(participations.campaignId, campaign.id), eq(participations.state, 'approved'));
    expect(await countWhere(participations, approved)).toBe(5);
    expect(await countWhere(participations, and(approved, eq(participations.holdsSlot, true)))).toBe(5);
    expect(
      await countWhere(participations, and(eq(participations.state, 'applied'), eq(participations.holdsSlot, false))),
    ).toBe(15);
  });

  it.skipIf(!onPostgres)('the same application approved 8 times at once takes one slot', async () => {
    const { brand, campaign } = await live({ approvalMode: 'manual', maxSlots: 5 });
    const p = await joined(t, await givenParticipant(t, ['youtube']), campaign.id);
    const url = `/v1/orgs/${brand.orgId}/campaigns/${campaign.id}/participations/${p.id}/approve`;
    const responses = await Promise.all(Array.from({ length: 8 }, () => brand.request('POST', url)));
    expect(tally(responses)).toEqual({ '200': 1, '409 CONFLICT': 7 });
    expect(await slotsTaken(campaign)).toBe(1);
  });

  it.skipIf(!onPostgres)(
    'one participant submits 10 posts at once with a cap of 3: exactly 3 are accepted',
    async () => {
      const { campaign } = await live({ maxSubmissionsPerParticipant: 3 });
      const participant = await givenParticipant(t, ['youtube']);
      const p = await joined(t, participant, campaign.id);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => submit(participant, p.id, `https://www.youtube.com/watch?v=${youtubeId()}`)),
      );
      expect(tally(responses)).toEqual({ '201': 3, '409 SUBMISSION_LIMIT_REACHED': 7 });
      const [row] = await db().select().from(participations).where(eq(participations.id, p.id));
      expect(row).toMatchObject({ submissionCount: 3, state: 'active' });
      const [stored] = await db().select({ n: count() }).from(submissions).where(eq(submissions.participationId, p.id));
      expect(stored!.n).toBe(3);
      const [activations] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(eq(auditLog.action, 'participation.activate'));
      expect(activations!.n).toBe(1);
    },
  );

  it.skipIf(!onPostgres)(
    '10 participants submit one YouTube video at once, each in another form: one wins',
    async () => {
      const id = youtubeId();
      const forms = [
        `https://www.youtube.com/watch?v=${id}`,
        `https://youtube.com/watch?v=${id}`,
        `https://m.youtube.com/watch?v=${id}`,
        `https://youtu.be/${id}`,
        `https://youtu.be/${id}?si=Xy12ab`,
        `https://www.youtube.com/shorts/${id}`,
        `https://youtube.com/shorts/${id}?feature=share`,
        `http://www.youtube.com/watch?v=${id}&t=42s`,
        `https://www.youtube.com/watch?feature=youtu.be&v=${id}`,
        `https://m.youtube.com/shorts/${id}`,
      ];
      // The forms really are one post to the parser, so only the database can tell the racers apart.
      expect(new Set(forms.map((f) => parseSubmissionUrl(f).dedupKey))).toEqual(new Set([`youtube:${id}`]));
      // Two campaigns: the key is unique across the platform, not per campaign.
      const [{ campaign: one }, { campaign: two }] = [await live({}), await live({})];
      const people = await Promise.all(Array.from({ length: 10 }, () => givenParticipant(t, ['youtube'])));
      const joinedTo = await Promise.all(people.map((p, i) => joined(t, p, (i % 2 === 0 ? one : two).id)));
      const responses = await Promise.all(people.map((p, i) => submit(p, joinedTo[i]!.id, forms[i]!)));
      expect(tally(responses)).toEqual({ '201': 1, '409 ALREADY_SUBMITTED': 9 });
      const rows = await db().select().from(submissions);
      expect(rows.map((r) => r.dedupKey)).toEqual([`youtube:${id}`]);
      // The losers' counters rolled back with their inserts: nothing half-done.
      const losers = await db().select().from(participations).where(eq(participations.submissionCount, 0));
      expect(losers).toHaveLength(9);
      expect(losers.every((r) => r.state === 'approved')).toBe(true);
    },
  );
});
