// Test-only: a real SMTP server (smtp-server) on 127.0.0.1 that keeps what it receives in memory, so the SMTP
// adapter is tested over the wire. Plain text only (no STARTTLS), which is also why AUTH is allowed unencrypted.

import type { AddressInfo } from 'node:net';

import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export type FakeSmtpMessage = {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The whole message as received: headers, blank line, body. */
  raw: string;
  /** Subject header, unfolded and with RFC 2047 encoded-words decoded. */
  subject: string;
  /** Message-ID header, if any. */
  messageId: string | undefined;
};

export type FakeSmtp = {
  /** smtp://127.0.0.1:<port>, with user:pass when the fake was started with `auth`. */
  url: string;
  /** Accepted messages, oldest first. Rejected ones are not kept. */
  messages: FakeSmtpMessage[];
  /** Rejects the next `n` messages at the end of DATA with reply `code` (default 550). */
  failNext(n: number, code?: number, text?: string): void;
  stop(): Promise<void>;
};

export type FakeSmtpOptions = {
  /** Require these credentials (AUTH PLAIN/LOGIN); without it, authentication is optional and any login works. */
  auth?: { user: string; pass: string } | undefined;
};

export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const messages: FakeSmtpMessage[] = [];
  let failures: { remaining: number; code: number; text: string } = { remaining: 0, code: 550, text: '' };
  const required = options.auth;
  // Loaded on first use, not at import: smtp-server is a devDependency and this module is re-exported from the
  // package index, which production code imports.
  const { SMTPServer } = await import('smtp-server');

  const server = new SMTPServer({
    authOptional: required === undefined,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      if (required === undefined || (auth.username === required.user && auth.password === required.pass)) {
        callback(null, { user: auth.username ?? 'anonymous' });
        return;
      }
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (failures.remaining > 0) {
          failures.remaining -= 1;
          callback(Object.assign(new Error(failures.text), { responseCode: failures.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = parseHeaders(raw);
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          subject: decodeEncodedWords(headers.get('subject') ?? ''),
          messageId: headers.get('message-id'),
        });
        callback(null, 'OK: queued by fake');
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials =
    required === undefined ? '' : `${encodeURIComponent(required.user)}:${encodeURIComponent(required.pass)}@`;

  let stopped: Promise<void> | undefined;
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    failNext(n, code = 550, text) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError('failNext(n): n must be a non-negative integer');
      if (!Number.isInteger(code) || code < 400 || code > 599)
        throw new RangeError('failNext: code must be 4xx or 5xx');
      failures = { remaining: n, code, text: text ?? (code >= 500 ? 'Message rejected by fake' : 'Try again later') };
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}

/** Header fields of a raw message, names lower-cased, folded lines joined; the first occurrence wins. */
function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ENCODED_RUN = /(?:=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)+/g;

/**
 * RFC 2047: `=?UTF-8?Q?caf=C3=A9?=` → `café`. Whitespace between two encoded-words is dropped, and the bytes of
 * adjacent words are decoded together, since a sender may split a multi-byte character across two words.
 */
function decodeEncodedWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_RUN, (run) => {
    let charset = 'utf-8';
    const parts: Buffer[] = [];
    for (const [, wordCharset = 'utf-8', encoding = 'Q', text = ''] of run.matchAll(ENCODED_WORD)) {
      charset = wordCharset;
      parts.push(encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQ(text));
    }
    const bytes = Buffer.concat(parts);
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      return bytes.toString('utf8');
    }
  });
}

function decodeQ(text: string): Buffer {
  const latin1 = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1');
}
