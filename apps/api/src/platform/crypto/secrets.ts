import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Random URL-safe token with `bytes` of entropy (32 bytes = 256 bits, well over ASVS 11.5.1's 128). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are stored as SHA-256: a database leak does not reveal a usable session, link or API token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Keys derived from the application secret (APP_SECRET, or in embedded mode a random key kept in
 * DATA_DIR/app-secret with mode 600). Each purpose gets its own HKDF-derived key.
 */
export class Secrets {
  private readonly sealKeys: Map<number, Buffer>;
  private readonly currentVersion = 1;
  private readonly csrfKey: Buffer;
  private readonly codeKey: Buffer;

  constructor(masterSecret: string) {
    const master = Buffer.from(masterSecret);
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'creator-rewards', info, 32));
    this.sealKeys = new Map([[1, derive('seal-v1')]]);
    this.csrfKey = derive('csrf-v1');
    this.codeKey = derive('codes-v1');
  }

  /** AES-256-GCM with a random 96-bit nonce; output `v1.<nonce>.<ciphertext+tag>` (versioned for key rotation). */
  seal(plaintext: string): string {
    const key = this.sealKeys.get(this.currentVersion)!;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `v${this.currentVersion}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Throws on tampering, truncation or an unknown key version. */
  open(sealed: string): string {
    const [version, nonceText, bodyText] = sealed.split('.');
    const key = this.sealKeys.get(Number(version?.slice(1)));
    if (!key || !nonceText || !bodyText) throw new Error('sealed value has an unknown format or key version');
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /**
   * A keyed hash for short secrets (recovery codes, ~50 bits): unlike a plain SHA-256, a copy of the table cannot be
   * brute-forced offline without the application secret.
   */
  keyedHash(value: string): string {
    return createHmac('sha256', this.codeKey).update(value).digest('base64url');
  }

  /** The CSRF token of a session: an HMAC of its id, so it needs no storage and dies with the session. */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.csrfKey).update(sessionId).digest('base64url');
  }
}

/** APP_SECRET when set; otherwise the embedded mode's generated key, created once in the data folder. */
export function loadMasterSecret(appSecret: string | undefined, dataDir: string): string {
  if (appSecret) return appSecret;
  const file = join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    // Another process (the worker) created it first: use theirs.
    if ((error as { code?: string }).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
