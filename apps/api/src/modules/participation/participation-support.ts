import type { ApplyRefusalCode, CampaignSchedule, ParticipationRefusalCode, Refusal } from '@creator-rewards/domain';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdentityRepository } from '../identity/identity.repository.js';

/** Helpers shared by the participation services: refusal → API error, why a campaign says no, who is who. */

/** Which API code each domain refusal travels with (see the codes' comments in the domain). */
const refusalCodes = {
  ACTOR_NOT_ALLOWED: 'FORBIDDEN',
  INVALID_REASON: 'VALIDATION_FAILED',
  INVALID_TRANSITION: 'CONFLICT',
  NO_SLOTS_LEFT: 'NO_SLOTS_LEFT',
  NOT_ON_ALLOWLIST: 'FORBIDDEN',
} as const satisfies Record<ParticipationRefusalCode | ApplyRefusalCode, string>;

export function refusalError(refusal: Refusal<ParticipationRefusalCode | ApplyRefusalCode>): AppError {
  const code = refusalCodes[refusal.code];
  if (code === 'VALIDATION_FAILED') {
    return new AppError(code, `body.reason: ${refusal.message}`, {
      issues: [{ path: 'body.reason', code: refusal.code.toLowerCase(), message: refusal.message }],
    });
  }
  return new AppError(code, refusal.message, { reason: refusal.code });
}

/** One VALIDATION_FAILED naming a single field, like the schema validation's own answers. */
export function invalidField(path: string, code: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, code, message }] });
}

/**
 * Why a campaign that is not live (isAcceptingSubmissions said no) takes no participants or posts now, in the
 * order the domain checks it. `what` is "participants" or "submissions".
 */
export function notLiveMessage(campaign: CampaignSchedule, now: Date, what: string): string {
  if (campaign.state !== 'published') return `The campaign is ${campaign.state}, so it takes no ${what} now.`;
  if (campaign.startsAt === null || campaign.startsAt.getTime() > now.getTime()) {
    const when = campaign.startsAt ? ` on ${campaign.startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    return `The campaign has not started yet: it takes ${what} from its start${when}.`;
  }
  if (campaign.endsAt !== null && campaign.endsAt.getTime() <= now.getTime()) {
    return `The campaign has ended, so it takes no ${what}.`;
  }
  return `The campaign’s budget is spent, so it takes no ${what}.`;
}

/** Display names of users by id (a page holds at most 100 distinct people). */
export async function displayNames(
  identity: IdentityRepository,
  userIds: readonly string[],
): Promise<Map<string, { id: string; displayName: string }>> {
  const unique = [...new Set(userIds)];
  const users = await Promise.all(unique.map((id) => identity.findUserById(id)));
  return new Map(unique.map((id, i) => [id, { id, displayName: users[i]?.displayName ?? 'Deleted user' }]));
}
