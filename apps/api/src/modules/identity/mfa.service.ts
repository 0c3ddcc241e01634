import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Clock } from '../../platform/clock.js';
import { randomToken, type Secrets } from '../../platform/crypto/secrets.js';
import { AppError, conflict } from '../../platform/errors/app-error.js';
import { CLOCK, SECRETS } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { IdentityRepository, type UserRow } from './identity.repository.js';
import { SessionsService } from './sessions.service.js';

const STEP_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;

/** TOTP (RFC 6238, 30 s steps, ±1 step of drift) with single use per step, and hashed one-time recovery codes. */
@Injectable()
export class MfaService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Stores a new (not yet active) secret and returns it with its QR code. Re-starting replaces the pending one. */
  async startEnrolment(user: UserRow) {
    if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on. Turn it off first to re-enrol.');
    const secret = generateSecret();
    await this.repo.updateUser(user.id, { totpSecretSealed: this.secrets.seal(secret), totpLastStep: null });
    const otpauthUrl = generateURI({ issuer: 'Creator Rewards', label: user.email, secret });
    const qrCodeSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, otpauthUrl, qrCodeSvg };
  }

  async confirmEnrolment(user: UserRow, code: string, context: AuditContext) {
    if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on.');
    if (!user.totpSecretSealed) throw conflict('Start enrolment first (POST /v1/me/2fa).');
    if (!(await this.verifyTotp(user, code)))
      throw new AppError(
        'MFA_CODE_INVALID',
        'That code is not right. Check the time on your phone and try the newest code.',
      );
    const recoveryCodes = await this.database().transaction(async (tx) => {
      await this.repo.updateUser(user.id, { totpEnabledAt: this.clock.now() }, tx);
      const codes = newRecoveryCodes();
      await this.repo.replaceRecoveryCodes(
        user.id,
        codes.map((c) => this.hashRecoveryCode(user.id, c)),
        tx,
      );
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.2fa.enabled',
          subject: { type: 'user', id: user.id },
          context,
        },
        tx,
      );
      return codes;
    });
    return { recoveryCodes };
  }

  async disable(user: UserRow, keepSessionId: string, context: AuditContext): Promise<void> {
    await this.database().transaction(async (tx) => {
      await this.repo.updateUser(user.id, { totpSecretSealed: null, totpEnabledAt: null, totpLastStep: null }, tx);
      await this.repo.replaceRecoveryCodes(user.id, [], tx);
      await this.sessions.revokeOthers(user.id, keepSessionId, tx);
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.2fa.disabled',
          subject: { type: 'user', id: user.id },
          context,
        },
        tx,
      );
    });
  }

  async regenerateRecoveryCodes(user: UserRow, context: AuditContext) {
    if (!user.totpEnabledAt) throw conflict('Turn on two-factor authentication first.');
    const codes = newRecoveryCodes();
    await this.database().transaction(async (tx) => {
      await this.repo.replaceRecoveryCodes(
        user.id,
        codes.map((c) => this.hashRecoveryCode(user.id, c)),
        tx,
      );
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.2fa.recovery_codes_replaced',
          subject: { type: 'user', id: user.id },
          context,
        },
        tx,
      );
    });
    return { recoveryCodes: codes };
  }

  /**
   * True when `code` is the TOTP of the user's secret within ±1 step of now and its step is later than the last
   * accepted one; the step is claimed atomically, so the same code (or an older one) never works twice.
   */
  async verifyTotp(user: UserRow, code: string): Promise<boolean> {
    if (!user.totpSecretSealed) return false;
    const secret = this.secrets.open(user.totpSecretSealed);
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const result = await verify({ secret, token: code, epoch, epochTolerance: STEP_SECONDS });
    if (!result.valid) return false;
    const step = Math.floor(epoch / STEP_SECONDS) + result.delta;
    return this.repo.claimTotpStep(user.id, step);
  }

  async verifyRecoveryCode(user: UserRow, code: string): Promise<boolean> {
    if (!user.totpEnabledAt) return false;
    return this.repo.consumeRecoveryCode(user.id, this.hashRecoveryCode(user.id, code), this.clock.now());
  }

  /** Keyed and bound to the user, so a leaked table neither reveals codes nor lets one user's code match another's. */
  private hashRecoveryCode(userId: string, code: string): string {
    return this.secrets.keyedHash(`${userId}:${code.trim().toLowerCase().replace('-', '')}`);
  }

  private database() {
    return this.repo.db;
  }
}

/** `abcde-12345` style: 10 base32-ish characters (50 bits), lower-case, easy to type. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomToken(16)
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(0, 10)
      .padEnd(10, '0');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}
