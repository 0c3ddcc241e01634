// SMTP driver, chosen when `SMTP_URL` is set. One connection per message (no pool): mail volume is low and a
// pooled connection that the server silently dropped would turn every send into a retry.

import { createHash } from 'node:crypto';

import nodemailer from 'nodemailer';

import { IntegrationError, isTransientNetworkCode, type IntegrationErrorKind } from '../errors.js';
import type { Mailer, MailMessage } from './mail.port.js';

export type SmtpMailerOptions = {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the first byte). */
  url: string;
  /** Sender, e.g. `Creator Rewards <no-reply@example.com>`. */
  from: string;
  /** Upper bound for connecting and for the greeting, in ms. Default 10 s. */
  connectTimeoutMs?: number | undefined;
};

const PROVIDER = 'smtp';

export function createSmtpMailer({ url, from, connectTimeoutMs = 10_000 }: SmtpMailerOptions): Mailer {
  assertSmtpUrl(url);
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: connectTimeoutMs,
    greetingTimeout: connectTimeoutMs,
    socketTimeout: 60_000,
    // Nodemailer's debug log prints the AUTH exchange; keep every log off so credentials never reach a log.
    logger: false,
    debug: false,
  });
  const messageIdDomain = domainOf(from) ?? 'creator-rewards.invalid';

  return {
    driver: 'smtp',

    async send(msg: MailMessage, opts?: { idempotencyKey?: string }): Promise<{ messageId: string }> {
      const key = opts?.idempotencyKey;
      try {
        const info = await transport.sendMail({
          from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          ...(msg.html === undefined ? {} : { html: msg.html }),
          // SMTP has no idempotency; a stable Message-ID is the convention receivers use to drop a resent copy.
          ...(key === undefined ? {} : { messageId: idempotentMessageId(key, messageIdDomain) }),
        });
        return { messageId: info.messageId };
      } catch (err) {
        throw mapSmtpError(err);
      }
    },
  };
}

/** Message-ID derived from the idempotency key (hashed, so the key itself never leaves the system). */
export function idempotentMessageId(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}

function assertSmtpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the URL: it carries the password.
    throw new RangeError('SMTP url is not a valid URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new RangeError(`SMTP url must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  if (parsed.hostname === '') throw new RangeError('SMTP url has no host');
}

function domainOf(address: string): string | undefined {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1];
}

// Nodemailer codes for failures of the connection itself, where the message was not accepted.
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY']);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);
// Words servers use in 4xx replies when throttling (e.g. "421 4.7.0 Too many connections", "450 rate limited").
const RATE_LIMIT_TEXT = /rate.?limit|too many|throttl|slow down/i;

/**
 * Maps a nodemailer error to the shared vocabulary. SMTP reply codes decide first (RFC 5321: 4yz transient,
 * 5yz permanent, except 503 "bad sequence", which a fresh connection can pass); then nodemailer's own codes.
 * The cause keeps only code, reply and command verb: the original error object is never attached, so no
 * credential can ride along into a log.
 */
export function mapSmtpError(err: unknown): IntegrationError {
  if (err instanceof IntegrationError) return err;
  const record = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const code = typeof record['code'] === 'string' ? record['code'] : undefined;
  const responseCode = typeof record['responseCode'] === 'number' ? record['responseCode'] : undefined;
  const response = typeof record['response'] === 'string' ? record['response'].slice(0, 200) : undefined;
  const command = typeof record['command'] === 'string' ? record['command'].split(' ')[0] : undefined;

  const kind = classify(code, responseCode, response, record['originalCode']);
  const summary = response ?? code ?? 'unknown error';
  const cause = { code, responseCode, response, command };
  return new IntegrationError({ kind, provider: PROVIDER, message: `send failed: ${summary}`, cause });
}

function classify(
  code: string | undefined,
  responseCode: number | undefined,
  response: string | undefined,
  originalCode: unknown,
): IntegrationErrorKind {
  if (code !== undefined && AUTH_CODES.has(code)) return 'AUTH_REVOKED';
  if (responseCode !== undefined) {
    if ((responseCode >= 400 && responseCode < 500) || responseCode === 503) {
      return response !== undefined && RATE_LIMIT_TEXT.test(response) ? 'RATE_LIMITED' : 'TEMPORARY';
    }
    if (responseCode >= 500 && responseCode < 600) return 'PERMANENT';
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) return 'TEMPORARY';
  if (isTransientNetworkCode(code) || isTransientNetworkCode(originalCode)) return 'TEMPORARY';
  // ETLS (certificate or TLS settings), EENVELOPE without a reply (invalid address), ECONFIG, EMESSAGE...:
  // the same message fails the same way until someone changes it or the config.
  return 'PERMANENT';
}
