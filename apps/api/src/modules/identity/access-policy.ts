import { privilegedRoles, type Access, type Role } from '@creator-rewards/contracts';
import type { UserRow } from './identity.repository.js';

export const RECENT_AUTH_MS = 10 * 60_000;
const orgRank = { viewer: 0, manager: 1, owner: 2 } as const;

/** Roles that count for this user now: admin and finance only once 2FA is enabled. */
export function effectiveRoles(user: Pick<UserRow, 'roles' | 'totpEnabledAt'>): Role[] {
  return user.roles.filter((r) => user.totpEnabledAt || !privilegedRoles.includes(r));
}

export type RoleDecision = 'allow' | 'forbidden' | 'mfa_required';

/** The role half of a route's access rule (ownership is checked per object). */
export function decideRoles(
  access: Exclude<Access, 'public'>,
  user: Pick<UserRow, 'roles' | 'totpEnabledAt'>,
): RoleDecision {
  if (access.roles === 'any') return 'allow';
  const effective = effectiveRoles(user);
  if (access.roles.some((r) => effective.includes(r))) return 'allow';
  // Holds a required privileged role but has not enabled 2FA: say so rather than a bare 403.
  if (access.roles.some((r) => user.roles.includes(r) && privilegedRoles.includes(r))) return 'mfa_required';
  return 'forbidden';
}

export function orgRoleSatisfies(held: keyof typeof orgRank, needed: keyof typeof orgRank): boolean {
  return orgRank[held] >= orgRank[needed];
}
