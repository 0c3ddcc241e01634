/** Platform roles (a user may hold several). Mirrors users.roles in the database. */
export const roles = ['admin', 'brand', 'participant', 'reviewer', 'finance'] as const;
export type Role = (typeof roles)[number];

/** Roles whose holders must have 2FA enabled before the role grants anything. */
export const privilegedRoles: readonly Role[] = ['admin', 'finance'];

export const apiTokenScopes = ['read', 'write'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/**
 * Who may call a route, declared next to it. Every route must declare one; the API refuses to serve a route
 * without it and a test walks the route table to prove each declaration holds (deny by default).
 *
 * - `public`: anyone, signed in or not.
 * - `roles`: the caller must hold one of these roles (`'any'`: any signed-in user). Admin and finance count only
 *   when the holder has 2FA enabled.
 * - `ownership`: how objects are scoped. `'self'`: only the caller's own objects exist for them (others answer
 *   404). `'org'`: the route's `{orgId}` must be an org the caller belongs to, with at least `orgRole` (others
 *   answer 404 exactly like a missing org); admins see every org. `'none'`: no per-object scope (role-wide routes).
 * - `tokenScope`: the API-token scope that may call the route; absent means browser sessions only.
 * - `recentAuth`: the session must have proved the password or second factor within the last 10 minutes.
 */
export type Access =
  | 'public'
  | {
      roles: readonly Role[] | 'any';
      ownership: 'self' | 'org' | 'none';
      orgRole?: 'owner' | 'manager' | 'viewer';
      tokenScope?: ApiTokenScope;
      recentAuth?: boolean;
    };
