import { apiTokenScopes, roles } from './access.js';
import { DisplayNameSchema, EmailSchema, PasswordSchema, TimestampSchema, UuidSchema } from './common.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

export const RoleSchema = z.enum(roles);

export const UserSchema = z
  .object({
    id: UuidSchema,
    email: z.string(),
    emailVerified: z.boolean(),
    displayName: z.string(),
    roles: z.array(RoleSchema),
    twoFactorEnabled: z.boolean(),
    createdAt: TimestampSchema,
  })
  .openapi('User');

export const SessionInfoSchema = z
  .object({
    user: UserSchema,
    session: z.object({ id: UuidSchema, method: z.enum(['password', 'oidc']), authenticatedAt: TimestampSchema }),
    /** Send as the x-csrf-token header on every change made with this session. */
    csrfToken: z.string(),
    /** Roles held but inactive until 2FA is enabled (admin, finance). */
    rolesNeedingTwoFactor: z.array(RoleSchema),
  })
  .openapi('SessionInfo');

export const SignUpSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema,
  accountType: z.enum(['participant', 'brand']).describe('participant: earn from campaigns; brand: fund campaigns.'),
});

export const LoginSchema = z.strictObject({ email: EmailSchema, password: z.string().min(1).max(128) });

export const LoginResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), user: UserSchema, csrfToken: z.string() }),
  z.object({
    status: z.literal('mfa_required'),
    message: z.string().describe('The session cookie set now only allows POST /v1/auth/login/mfa.'),
  }),
]);

export const MfaCodeSchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app')
      .optional(),
    recoveryCode: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{5}-?[a-z0-9]{5}$/i, 'must be a recovery code like abcde-12345')
      .optional(),
  })
  .refine((v) => Boolean(v.code) !== Boolean(v.recoveryCode), {
    message: 'send either code or recoveryCode',
    path: ['code'],
  });

export const TokenBodySchema = z.strictObject({ token: z.string().min(20).max(200) });
export const PasswordResetRequestSchema = z.strictObject({ email: EmailSchema });
export const PasswordResetConfirmSchema = z.strictObject({
  token: z.string().min(20).max(200),
  newPassword: PasswordSchema,
});
export const ReauthSchema = z
  .strictObject({
    password: z.string().min(1).max(128).optional(),
    code: z
      .string()
      .regex(/^\d{6}$/, 'must be a 6-digit code')
      .optional(),
  })
  .refine((v) => Boolean(v.password) !== Boolean(v.code), {
    message: 'send either password or code',
    path: ['password'],
  });
export const ChangePasswordSchema = z.strictObject({ newPassword: PasswordSchema });
export const ChangeEmailSchema = z.strictObject({ newEmail: EmailSchema });
export const UpdateProfileSchema = z.strictObject({ displayName: DisplayNameSchema });

export const SessionSchema = z
  .object({
    id: UuidSchema,
    current: z.boolean(),
    method: z.enum(['password', 'oidc']),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: TimestampSchema,
    lastSeenAt: TimestampSchema,
    expiresAt: TimestampSchema,
  })
  .openapi('Session');

export const ApiTokenSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(apiTokenScopes)),
    createdAt: TimestampSchema,
    lastUsedAt: TimestampSchema.nullable(),
    expiresAt: TimestampSchema.nullable(),
  })
  .openapi('ApiToken');

export const CreateApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  scopes: z
    .array(z.enum(apiTokenScopes))
    .min(1, 'choose at least one scope')
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
  expiresInDays: z.number().int().min(1).max(365).nullable().default(90),
});

export const CreatedApiTokenSchema = z.object({
  token: ApiTokenSchema,
  /** The secret, shown once. Only its hash is stored. */
  secret: z.string(),
});

export const TwoFactorEnrolmentSchema = z.object({
  /** Base32 secret for manual entry. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as an SVG QR code. */
  qrCodeSvg: z.string(),
});
export const TwoFactorConfirmSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
});
export const RecoveryCodesSchema = z.object({
  /** Shown once; each works once. Store them somewhere safe. */
  recoveryCodes: z.array(z.string()),
});

export const OidcProviderSchema = z
  .object({
    id: z.string().describe('Use in /v1/auth/oidc/{provider}/start.'),
    name: z.string().describe('What the sign-in button says, e.g. "Company SSO".'),
  })
  .openapi('OidcProvider');

const OidcProviderParamsSchema = z.strictObject({
  provider: z.string().min(1).max(64).describe('A provider id from GET /v1/auth/oidc/providers.'),
});

/** Where a finished OIDC sign-in lands on the web app; anything but a same-site path falls back to "/". */
export const OidcStartQuerySchema = z.strictObject({
  returnTo: z
    .string()
    .max(2048)
    .optional()
    .describe('A path on the web app starting with a single "/", e.g. /campaigns?tab=mine. Anything else means "/".'),
});

/** The provider's authorization response. Not strict: providers add parameters of their own (e.g. session_state). */
export const OidcCallbackQuerySchema = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(1024).optional(),
});

/**
 * Why an OIDC sign-in ended on the web app's /login?error=… page. The callback is a browser navigation, so a refusal
 * is a redirect the login page can explain, never a JSON dead end.
 */
export const oidcLoginErrors = {
  oidc_state: 'The sign-in link expired, was already used, or was started in another browser. Start the sign-in again.',
  oidc_denied: 'The identity provider did not sign you in (for example, you cancelled).',
  oidc_failed: 'The identity provider could not be reached or its answer was invalid. Try again later.',
  oidc_email_missing: 'The identity provider did not share an email address, which an account needs.',
  oidc_email_unverified:
    'An account with this email exists, but the identity provider has not verified the address. Sign in with your password instead.',
  oidc_link_unverified:
    'An account with this email exists but its address was never confirmed. Sign in with your password and confirm it, or reset your password, then try again.',
  oidc_account_disabled: 'This account is disabled.',
} as const;
export type OidcLoginError = keyof typeof oidcLoginErrors;

const session = (extra: Partial<{ recentAuth: boolean }> = {}) =>
  ({ roles: 'any', ownership: 'self', ...extra }) as const;

export const identityRoutes = {
  signUp: defineRoute({
    operationId: 'signUp',
    method: 'post',
    path: '/v1/auth/sign-up',
    summary: 'Create an account and sign in.',
    description: 'Sends an email verification link. Rate-limited per IP.',
    tags: ['auth'],
    access: 'public',
    body: SignUpSchema,
    response: { status: 201, schema: LoginResultSchema, description: 'Account created and signed in.' },
    errors: ['EMAIL_TAKEN'],
  }),
  login: defineRoute({
    operationId: 'login',
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Sign in with email and password.',
    description:
      'Answers mfa_required when the account has 2FA; then POST /v1/auth/login/mfa. Rate-limited per IP and per account.',
    tags: ['auth'],
    access: 'public',
    body: LoginSchema,
    response: { status: 200, schema: LoginResultSchema, description: 'Signed in, or a second factor is needed.' },
    errors: ['INVALID_CREDENTIALS'],
  }),
  loginMfa: defineRoute({
    operationId: 'loginMfa',
    method: 'post',
    path: '/v1/auth/login/mfa',
    summary: 'Finish signing in with a 2FA or recovery code.',
    tags: ['auth'],
    access: 'public',
    body: MfaCodeSchema,
    response: { status: 200, schema: LoginResultSchema, description: 'Signed in.' },
    errors: ['MFA_CODE_INVALID', 'UNAUTHENTICATED'],
  }),
  logout: defineRoute({
    operationId: 'logout',
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'Sign out of this session.',
    tags: ['auth'],
    access: 'public',
    response: { status: 204, schema: null, description: 'Signed out (also when no session was open).' },
  }),
  listOidcProviders: defineRoute({
    operationId: 'listOidcProviders',
    method: 'get',
    path: '/v1/auth/oidc/providers',
    summary: 'The OpenID Connect providers one can sign in with (configured by OIDC_PROVIDERS).',
    tags: ['auth'],
    access: 'public',
    response: {
      status: 200,
      schema: z.object({ items: z.array(OidcProviderSchema) }),
      description: 'Providers, possibly none.',
    },
  }),
  startOidcLogin: defineRoute({
    operationId: 'startOidcLogin',
    method: 'get',
    path: '/v1/auth/oidc/{provider}/start',
    summary: 'Begin signing in with an OpenID Connect provider (a browser navigation).',
    description:
      'Redirects to the provider with state, nonce and a PKCE S256 challenge, and sets a short-lived httpOnly binding ' +
      'cookie: the sign-in can only be finished by the browser that started it, within 10 minutes. Rate-limited per IP.',
    tags: ['auth'],
    access: 'public',
    params: OidcProviderParamsSchema,
    query: OidcStartQuerySchema,
    response: { status: 302, schema: null, description: "To the provider's authorization endpoint." },
    errors: ['NOT_FOUND'],
  }),
  finishOidcLogin: defineRoute({
    operationId: 'finishOidcLogin',
    method: 'get',
    path: '/v1/auth/oidc/{provider}/callback',
    summary: "The provider's redirect back: finish the OpenID Connect sign-in.",
    description:
      'The provider sends the browser here. On success the session cookie is set and the browser goes to returnTo ' +
      '(or to /login?mfa=1&returnTo=… when the account has 2FA: then POST /v1/auth/login/mfa). Any refusal goes to ' +
      `/login?error=<reason>, reason one of: ${Object.keys(oidcLoginErrors).join(', ')}. An account is found by ` +
      "the provider's subject, else linked by a verified email, else created as a participant.",
    tags: ['auth'],
    access: 'public',
    params: OidcProviderParamsSchema,
    query: OidcCallbackQuerySchema,
    response: { status: 302, schema: null, description: 'To the web app: returnTo, the 2FA step, or /login?error=….' },
    errors: ['NOT_FOUND'],
  }),
  getSession: defineRoute({
    operationId: 'getSession',
    method: 'get',
    path: '/v1/auth/session',
    summary: 'The signed-in user, this session and its CSRF token.',
    tags: ['auth'],
    access: session(),
    response: { status: 200, schema: SessionInfoSchema, description: 'The current session.' },
  }),
  verifyEmail: defineRoute({
    operationId: 'verifyEmail',
    method: 'post',
    path: '/v1/auth/verify-email',
    summary: 'Confirm an email address with the token from the link we sent.',
    tags: ['auth'],
    access: 'public',
    body: TokenBodySchema,
    response: { status: 200, schema: z.object({ email: z.string() }), description: 'Email confirmed.' },
    errors: ['TOKEN_INVALID'],
  }),
  resendVerification: defineRoute({
    operationId: 'resendVerification',
    method: 'post',
    path: '/v1/auth/verify-email/resend',
    summary: 'Send the email verification link again.',
    tags: ['auth'],
    access: session(),
    response: { status: 202, schema: null, description: 'Sent (if the address is not yet verified).' },
  }),
  requestPasswordReset: defineRoute({
    operationId: 'requestPasswordReset',
    method: 'post',
    path: '/v1/auth/password-reset',
    summary: 'Mail a password reset link.',
    description: 'Always answers 202, whether or not the address has an account. Rate-limited.',
    tags: ['auth'],
    access: 'public',
    body: PasswordResetRequestSchema,
    response: { status: 202, schema: null, description: 'If the account exists, a link is on its way.' },
  }),
  confirmPasswordReset: defineRoute({
    operationId: 'confirmPasswordReset',
    method: 'post',
    path: '/v1/auth/password-reset/confirm',
    summary: 'Set a new password with a reset token; signs out every session.',
    tags: ['auth'],
    access: 'public',
    body: PasswordResetConfirmSchema,
    response: { status: 204, schema: null, description: 'Password changed.' },
    errors: ['TOKEN_INVALID'],
  }),
  reauthenticate: defineRoute({
    operationId: 'reauthenticate',
    method: 'post',
    path: '/v1/auth/reauth',
    summary: 'Prove the password (or a 2FA code) again before a sensitive change.',
    tags: ['auth'],
    access: session(),
    body: ReauthSchema,
    response: { status: 204, schema: null, description: 'This session counts as recently authenticated.' },
    errors: ['INVALID_CREDENTIALS', 'MFA_CODE_INVALID'],
  }),
  getMe: defineRoute({
    operationId: 'getMe',
    method: 'get',
    path: '/v1/me',
    summary: 'My profile.',
    tags: ['account'],
    access: { ...session(), tokenScope: 'read' },
    response: { status: 200, schema: UserSchema, description: 'The signed-in user.' },
  }),
  updateMe: defineRoute({
    operationId: 'updateMe',
    method: 'patch',
    path: '/v1/me',
    summary: 'Change my display name.',
    tags: ['account'],
    access: session(),
    body: UpdateProfileSchema,
    response: { status: 200, schema: UserSchema, description: 'Updated.' },
  }),
  changePassword: defineRoute({
    operationId: 'changePassword',
    method: 'post',
    path: '/v1/me/password',
    summary: 'Change my password; other sessions are signed out.',
    tags: ['account'],
    access: session({ recentAuth: true }),
    body: ChangePasswordSchema,
    response: { status: 204, schema: null, description: 'Changed.' },
  }),
  changeEmail: defineRoute({
    operationId: 'changeEmail',
    method: 'post',
    path: '/v1/me/email',
    summary: 'Start changing my email: a link goes to the new address.',
    tags: ['account'],
    access: session({ recentAuth: true }),
    body: ChangeEmailSchema,
    response: { status: 202, schema: null, description: 'Confirmation link sent to the new address.' },
    errors: ['EMAIL_TAKEN'],
  }),
  listSessions: defineRoute({
    operationId: 'listSessions',
    method: 'get',
    path: '/v1/me/sessions',
    summary: 'My active sessions.',
    tags: ['account'],
    access: session(),
    response: { status: 200, schema: z.object({ items: z.array(SessionSchema) }), description: 'Sessions.' },
  }),
  revokeSession: defineRoute({
    operationId: 'revokeSession',
    method: 'delete',
    path: '/v1/me/sessions/{sessionId}',
    summary: 'Sign out one of my sessions.',
    tags: ['account'],
    access: session(),
    params: z.strictObject({ sessionId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Revoked.' },
    errors: ['NOT_FOUND'],
  }),
  listApiTokens: defineRoute({
    operationId: 'listApiTokens',
    method: 'get',
    path: '/v1/me/api-tokens',
    summary: 'My API tokens.',
    tags: ['account'],
    access: session(),
    response: { status: 200, schema: z.object({ items: z.array(ApiTokenSchema) }), description: 'Tokens.' },
  }),
  createApiToken: defineRoute({
    operationId: 'createApiToken',
    method: 'post',
    path: '/v1/me/api-tokens',
    summary: 'Create an API token (the secret is shown once).',
    tags: ['account'],
    access: session({ recentAuth: true }),
    body: CreateApiTokenSchema,
    response: { status: 201, schema: CreatedApiTokenSchema, description: 'Created.' },
  }),
  revokeApiToken: defineRoute({
    operationId: 'revokeApiToken',
    method: 'delete',
    path: '/v1/me/api-tokens/{tokenId}',
    summary: 'Revoke one of my API tokens.',
    tags: ['account'],
    access: session(),
    params: z.strictObject({ tokenId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Revoked.' },
    errors: ['NOT_FOUND'],
  }),
  startTwoFactor: defineRoute({
    operationId: 'startTwoFactor',
    method: 'post',
    path: '/v1/me/2fa',
    summary: 'Start enrolling an authenticator app (QR code).',
    tags: ['account'],
    access: session({ recentAuth: true }),
    response: { status: 201, schema: TwoFactorEnrolmentSchema, description: 'Scan, then confirm with a code.' },
    errors: ['CONFLICT'],
  }),
  confirmTwoFactor: defineRoute({
    operationId: 'confirmTwoFactor',
    method: 'post',
    path: '/v1/me/2fa/confirm',
    summary: 'Turn 2FA on with a code from the app; returns recovery codes once.',
    tags: ['account'],
    access: session({ recentAuth: true }),
    body: TwoFactorConfirmSchema,
    response: { status: 200, schema: RecoveryCodesSchema, description: '2FA is on.' },
    errors: ['MFA_CODE_INVALID', 'CONFLICT'],
  }),
  disableTwoFactor: defineRoute({
    operationId: 'disableTwoFactor',
    method: 'delete',
    path: '/v1/me/2fa',
    summary: 'Turn 2FA off; other sessions are signed out.',
    tags: ['account'],
    access: session({ recentAuth: true }),
    response: { status: 204, schema: null, description: '2FA is off.' },
  }),
  regenerateRecoveryCodes: defineRoute({
    operationId: 'regenerateRecoveryCodes',
    method: 'post',
    path: '/v1/me/2fa/recovery-codes',
    summary: 'Replace my recovery codes.',
    tags: ['account'],
    access: session({ recentAuth: true }),
    response: { status: 200, schema: RecoveryCodesSchema, description: 'New codes; the old ones stop working.' },
    errors: ['CONFLICT'],
  }),
};
