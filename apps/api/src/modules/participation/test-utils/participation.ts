import type { Participation, Submission } from '@creator-rewards/contracts';
import { createUser, type TestUser } from '../../../test-utils/users.js';
import type { TestApp } from '../../../test-utils/test-app.js';

/** Test givens for participation, through the real HTTP API. */

export type Participant = TestUser & { accounts: Record<string, string> };

let handles = 0;

/** A signed-in participant with one declared account on each of `platforms` (ids by platform). */
export async function givenParticipant(
  t: TestApp,
  platforms: ('youtube' | 'tiktok' | 'instagram' | 'x')[] = ['youtube', 'tiktok'],
  opts: { email?: string } = {},
): Promise<Participant> {
  const user = await createUser(t, { roles: ['participant'], ...opts });
  const accounts: Record<string, string> = {};
  for (const platform of platforms) {
    const res = await user.request('POST', '/v1/me/social-accounts', { platform, handle: `@clipper_${++handles}` });
    if (res.statusCode !== 201) throw new Error(`adding a ${platform} account failed: ${res.statusCode} ${res.body}`);
    accounts[platform] = res.json<{ id: string }>().id;
  }
  return { ...user, accounts };
}

export async function apply(t: TestApp, participant: Participant, campaignId: string, platforms?: string[]) {
  const ids = (platforms ?? Object.keys(participant.accounts)).map((p) => participant.accounts[p]!);
  return participant.request('POST', `/v1/campaigns/${campaignId}/participations`, { socialAccountIds: ids });
}

/** Applies and expects a 201. */
export async function joined(
  t: TestApp,
  participant: Participant,
  campaignId: string,
  platforms?: string[],
): Promise<Participation> {
  const res = await apply(t, participant, campaignId, platforms);
  if (res.statusCode !== 201) throw new Error(`applying failed: ${res.statusCode} ${res.body}`);
  return res.json<Participation>();
}

export function submit(participant: TestUser, participationId: string, url: string, note?: string) {
  return participant.request('POST', `/v1/me/participations/${participationId}/submissions`, {
    url,
    ...(note === undefined ? {} : { note }),
  });
}

/** Submits and expects a 201. */
export async function submitted(participant: TestUser, participationId: string, url: string): Promise<Submission> {
  const res = await submit(participant, participationId, url);
  if (res.statusCode !== 201) throw new Error(`submitting failed: ${res.statusCode} ${res.body}`);
  return res.json<Submission>();
}

const YOUTUBE_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
let videos = 0;

/** A distinct, valid YouTube video id on each call (10 free characters, then one of the 16 legal last ones). */
export function youtubeId(): string {
  let n = ++videos + Math.floor(Math.random() * 1e9) * 1000;
  let id = '';
  for (let i = 0; i < 10; i++) {
    id += YOUTUBE_ID_CHARS[n % 64];
    n = Math.floor(n / 64);
  }
  return `${id}A`;
}
