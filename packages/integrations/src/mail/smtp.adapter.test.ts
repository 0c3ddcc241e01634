import { inspect } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IntegrationError, type IntegrationErrorKind } from '../errors.js';
import { createSmtpMailer, idempotentMessageId, mapSmtpError } from './smtp.adapter.js';
import { startFakeSmtp, type FakeSmtp } from './smtp.fake.js';

const FROM = 'Creator Rewards <no-reply@rewards.example>';

describe('smtp mailer against the fake server', () => {
  let fake: FakeSmtp;
  beforeAll(async () => {
    fake = await startFakeSmtp();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('delivers the message with envelope, subject, text and html', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    expect(mailer.driver).toBe('smtp');
    const before = fake.messages.length;

    const { messageId } = await mailer.send({
      to: 'creator@example.com',
      subject: 'Your payout of 12,50 € is on its way ✓',
      text: 'Plain body line',
      html: '<p>Html <b>body</b></p>',
    });

    expect(fake.messages).toHaveLength(before + 1);
    const received = fake.messages.at(-1)!;
    expect(received.from).toBe('no-reply@rewards.example');
    expect(received.to).toEqual(['creator@example.com']);
    expect(received.subject).toBe('Your payout of 12,50 € is on its way ✓');
    expect(received.messageId).toBe(messageId);
    expect(received.raw).toContain('Plain body line');
    expect(received.raw).toMatch(/Content-Type: text\/html/i);
    expect(received.raw).toMatch(/^From: Creator Rewards <no-reply@rewards\.example>$/m);
  });

  it('decodes a long non-ASCII subject that the client split into several encoded-words', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    const subject = `Gains de la campagne « été » : ${'€ '.repeat(40)}✓ 完了`;
    await mailer.send({ to: 'creator@example.com', subject, text: 't' });
    const received = fake.messages.at(-1)!;
    expect(received.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(received.subject).toBe(subject);
  });

  it('derives a stable Message-ID from the idempotency key', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    const msg = { to: 'brand@example.com', subject: 'Campaign funded', text: 'Thanks' };
    const first = await mailer.send(msg, { idempotencyKey: 'notification:42' });
    const retry = await mailer.send(msg, { idempotencyKey: 'notification:42' });
    const other = await mailer.send(msg, { idempotencyKey: 'notification:43' });

    expect(first.messageId).toBe(idempotentMessageId('notification:42', 'rewards.example'));
    expect(retry.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(first.messageId).not.toContain('notification');
    expect(fake.messages.at(-2)?.messageId).toBe(first.messageId);
  });

  it('throws PERMANENT for a 5xx reply, then sends normally again', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    const before = fake.messages.length;
    fake.failNext(1);

    const err = await mailer.send({ to: 'x@example.com', subject: 'Rejected', text: 'no' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'PERMANENT', provider: 'smtp', retryable: false });
    expect((err as Error).message).toContain('550');
    expect(fake.messages).toHaveLength(before);

    await mailer.send({ to: 'x@example.com', subject: 'Accepted', text: 'yes' });
    expect(fake.messages.at(-1)?.subject).toBe('Accepted');
  });

  it('throws TEMPORARY for a 4xx reply and RATE_LIMITED when the server says so', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    fake.failNext(1, 451);
    await expect(mailer.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      kind: 'TEMPORARY',
      retryable: true,
    });
    fake.failNext(1, 450, 'Too many messages, slow down');
    await expect(mailer.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      kind: 'RATE_LIMITED',
    });
  });

  it('failNext(n) rejects exactly n messages', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    fake.failNext(2, 554);
    const results = [];
    for (const i of [1, 2, 3]) {
      results.push(
        await mailer.send({ to: 'y@example.com', subject: `n${i}`, text: 't' }).then(
          () => 'sent',
          (e: IntegrationError) => e.kind,
        ),
      );
    }
    expect(results).toEqual(['PERMANENT', 'PERMANENT', 'sent']);
  });

  it('throws TEMPORARY when the server is gone', async () => {
    const gone = await startFakeSmtp();
    const mailer = createSmtpMailer({ url: gone.url, from: FROM });
    await mailer.send({ to: 'z@example.com', subject: 'before', text: 't' });
    await gone.stop();

    const err = await mailer.send({ to: 'z@example.com', subject: 'after', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'TEMPORARY', provider: 'smtp', retryable: true });
  });
});

describe('smtp mailer with authentication', () => {
  const user = 'mailer@rewards.example';
  const pass = 'S3cr3t-P4ss!word';
  let fake: FakeSmtp;
  beforeAll(async () => {
    fake = await startFakeSmtp({ auth: { user, pass } });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('logs in with the credentials from the url', async () => {
    const mailer = createSmtpMailer({ url: fake.url, from: FROM });
    await mailer.send({ to: 'a@example.com', subject: 'authed', text: 't' });
    expect(fake.messages.at(-1)?.subject).toBe('authed');
  });

  it('maps refused credentials to AUTH_REVOKED without the password anywhere in the error', async () => {
    const badUrl = fake.url.replace(encodeURIComponent(pass), 'wrong-Pa55word');
    expect(badUrl).not.toBe(fake.url);
    const mailer = createSmtpMailer({ url: badUrl, from: FROM });
    const err = await mailer.send({ to: 'a@example.com', subject: 'nope', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'AUTH_REVOKED', provider: 'smtp' });
    const everything = `${inspect(err, { depth: 10, showHidden: true })} ${JSON.stringify(err)} ${String(err)}`;
    expect(everything).not.toContain('wrong-Pa55word');
    expect(everything).not.toContain(Buffer.from(`\u0000${user}\u0000wrong-Pa55word`).toString('base64'));
  });
});

describe('createSmtpMailer', () => {
  it.each([
    ['not a url', 'nonsense with secret-pw'],
    ['another scheme', 'http://user:secret-pw@mail.example:25'],
  ])('rejects %s without echoing the url', (_label, url) => {
    let thrown: unknown;
    try {
      createSmtpMailer({ url, from: FROM });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect(String(thrown)).not.toContain('secret-pw');
  });

  it('accepts smtps:// urls', () => {
    expect(createSmtpMailer({ url: 'smtps://u:p@mail.example:465', from: FROM }).driver).toBe('smtp');
  });
});

describe('mapSmtpError', () => {
  const smtpError = (code: string, responseCode?: number, response?: string): Error =>
    Object.assign(new Error('x'), { code, responseCode, response, command: 'AUTH PLAIN dXNlcgBwYXNz' });

  const cases: Array<[string, IntegrationErrorKind, unknown]> = [
    ['550 mailbox unavailable', 'PERMANENT', smtpError('EENVELOPE', 550, '550 5.1.1 No such user')],
    ['554 message rejected', 'PERMANENT', smtpError('EMESSAGE', 554, '554 5.7.1 Spam')],
    ['552 too big', 'PERMANENT', smtpError('EMESSAGE', 552, '552 Message size exceeds')],
    ['503 bad sequence', 'TEMPORARY', smtpError('EPROTOCOL', 503, '503 Bad sequence of commands')],
    ['451 local error', 'TEMPORARY', smtpError('EMESSAGE', 451, '451 4.3.0 Try later')],
    ['421 too many connections', 'RATE_LIMITED', smtpError('ECONNECTION', 421, '421 4.7.0 Too many connections')],
    ['450 rate limited', 'RATE_LIMITED', smtpError('EENVELOPE', 450, '450 4.2.1 Rate limit exceeded')],
    ['535 bad credentials', 'AUTH_REVOKED', smtpError('EAUTH', 535, '535 5.7.8 Authentication failed')],
    ['missing credentials', 'AUTH_REVOKED', smtpError('ENOAUTH')],
    ['connection refused', 'TEMPORARY', Object.assign(smtpError('ESOCKET'), { originalCode: 'ECONNREFUSED' })],
    ['connection closed', 'TEMPORARY', smtpError('ECONNECTION')],
    ['timeout', 'TEMPORARY', smtpError('ETIMEDOUT')],
    ['dns failure', 'TEMPORARY', smtpError('EDNS')],
    ['raw socket error', 'TEMPORARY', Object.assign(new Error('connect'), { code: 'ECONNRESET' })],
    ['tls certificate problem', 'PERMANENT', smtpError('ETLS')],
    ['invalid recipient address', 'PERMANENT', smtpError('EENVELOPE')],
    ['anything else', 'PERMANENT', new TypeError('boom')],
  ];

  it.each(cases)('%s → %s', (_label, kind, err) => {
    const mapped = mapSmtpError(err);
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.provider).toBe('smtp');
  });

  it('keeps only the command verb in the cause, never its arguments', () => {
    const mapped = mapSmtpError(smtpError('EAUTH', 535, '535 Authentication failed'));
    expect(mapped.cause).toEqual({
      code: 'EAUTH',
      responseCode: 535,
      response: '535 Authentication failed',
      command: 'AUTH',
    });
    expect(JSON.stringify(mapped.cause)).not.toContain('dXNlcgBwYXNz');
  });
});
