import type { UserRow } from './identity.repository.js';

/** The public shape of a user (UserSchema); never the hash, TOTP secret or anything else stored. */
export function toUserDto(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    displayName: user.displayName,
    roles: user.roles,
    twoFactorEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
