import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chunkedStream, describeStorageContract, readAll } from '../../test/storage-contract.js';
import { IntegrationError, type IntegrationErrorKind } from '../errors.js';
import { createS3Storage, mapS3Error, type S3StorageOptions } from './s3.adapter.js';
import { startFakeS3, type FakeS3 } from './s3.fake.js';

function optionsFor(fake: FakeS3, bucket: string): S3StorageOptions {
  return {
    endpoint: fake.endpoint,
    region: fake.region,
    bucket,
    accessKeyId: fake.accessKeyId,
    secretAccessKey: fake.secretAccessKey,
    forcePathStyle: true,
  };
}

describeStorageContract('s3 (fake server)', async () => {
  const fake = await startFakeS3({ buckets: ['contract-bucket'] });
  return { storage: createS3Storage(optionsFor(fake, 'contract-bucket')), teardown: () => fake.stop() };
});

describe('s3 storage against the fake', () => {
  let fake: FakeS3;
  let spoolDir: string;
  beforeAll(async () => {
    fake = await startFakeS3({ buckets: ['media-bucket'] });
    spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 's3-spool-test-'));
  });
  afterAll(async () => {
    await fake.stop();
    await fs.rm(spoolDir, { recursive: true, force: true });
  });

  it('round-trips a 200 KB stream byte-exact when it is spooled to disk and sent as a stream', async () => {
    // A small memory buffer forces the temp-file path, the one where SDK checksum framing used to corrupt bodies.
    const storage = createS3Storage({
      ...optionsFor(fake, 'media-bucket'),
      memoryBufferBytes: 16 * 1024,
      spoolDirectory: spoolDir,
    });
    const bytes = randomBytes(200 * 1024);
    const stored = await storage.put('uploads/big.bin', chunkedStream(bytes), {
      contentType: 'application/octet-stream',
    });
    expect(stored.size).toBe(bytes.byteLength);

    const got = await storage.get('uploads/big.bin');
    expect(got?.size).toBe(bytes.byteLength);
    expect((await readAll(got!.body)).equals(bytes)).toBe(true);
    expect(await fs.readdir(spoolDir)).toEqual([]);
  });

  it('removes the spool file when the upload fails', async () => {
    const storage = createS3Storage({
      ...optionsFor(fake, 'no-such-bucket'),
      memoryBufferBytes: 1024,
      spoolDirectory: spoolDir,
    });
    const err = await storage
      .put('x.bin', chunkedStream(randomBytes(50_000)), { contentType: 'image/png' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'NOT_FOUND', provider: 's3' });
    expect(await fs.readdir(spoolDir)).toEqual([]);
  });

  it('maps refused credentials to AUTH_REVOKED', async () => {
    const storage = createS3Storage({
      ...optionsFor(fake, 'media-bucket'),
      accessKeyId: 'WRONG',
      secretAccessKey: 'WRONG',
    });
    const err = await storage.put('k.txt', Buffer.from('x'), { contentType: 'text/plain' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'AUTH_REVOKED', provider: 's3', retryable: false });
    expect(String((err as Error).message)).not.toContain('WRONG');
  });

  it('ping reports a missing bucket as NOT_FOUND', async () => {
    const storage = createS3Storage(optionsFor(fake, 'missing-bucket'));
    await expect(storage.ping()).rejects.toMatchObject({ name: 'IntegrationError', kind: 'NOT_FOUND' });
  });

  it('ping and get fail with a TEMPORARY IntegrationError when the endpoint is down', async () => {
    const gone = await startFakeS3({ buckets: ['gone-bucket'] });
    const storage = createS3Storage({ ...optionsFor(gone, 'gone-bucket'), maxAttempts: 1 });
    await storage.ping();
    await gone.stop();

    const pingErr = await storage.ping().catch((e: unknown) => e);
    expect(pingErr).toBeInstanceOf(IntegrationError);
    expect(pingErr).toMatchObject({ kind: 'TEMPORARY', provider: 's3', retryable: true });
    await expect(storage.get('any.txt')).rejects.toMatchObject({ kind: 'TEMPORARY' });
  });
});

describe('startFakeS3', () => {
  it('refuses bucket names s3rver cannot serve', async () => {
    await expect(startFakeS3({ buckets: ['ab'] })).rejects.toThrow(RangeError);
  });
});

describe('mapS3Error', () => {
  const sdkError = (name: string, status?: number, headers: Record<string, string> = {}): Error => {
    const err = Object.assign(new Error(`${name} happened`), {
      name,
      $metadata: status === undefined ? {} : { httpStatusCode: status },
    });
    Object.defineProperty(err, '$response', { value: { statusCode: status, headers }, enumerable: false });
    return err;
  };
  const networkError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code, $metadata: {} });

  const cases: Array<[string, IntegrationErrorKind, unknown]> = [
    ['503 SlowDown', 'RATE_LIMITED', sdkError('SlowDown', 503)],
    ['503 without a name', 'RATE_LIMITED', sdkError('Unknown', 503)],
    ['429', 'RATE_LIMITED', sdkError('TooManyRequestsException', 429)],
    ['500 InternalError', 'TEMPORARY', sdkError('InternalError', 500)],
    ['502 from a proxy', 'TEMPORARY', sdkError('Unknown', 502)],
    ['400 RequestTimeout', 'TEMPORARY', sdkError('RequestTimeout', 400)],
    ['403 RequestTimeTooSkewed', 'TEMPORARY', sdkError('RequestTimeTooSkewed', 403)],
    ['SDK TimeoutError', 'TEMPORARY', Object.assign(networkError('ECONNRESET'), { name: 'TimeoutError' })],
    ['ECONNREFUSED', 'TEMPORARY', networkError('ECONNREFUSED')],
    ['ENOTFOUND', 'TEMPORARY', networkError('ENOTFOUND')],
    ['403 AccessDenied', 'AUTH_REVOKED', sdkError('AccessDenied', 403)],
    ['403 InvalidAccessKeyId', 'AUTH_REVOKED', sdkError('InvalidAccessKeyId', 403)],
    ['403 SignatureDoesNotMatch', 'AUTH_REVOKED', sdkError('SignatureDoesNotMatch', 403)],
    ['400 ExpiredToken', 'AUTH_REVOKED', sdkError('ExpiredToken', 400)],
    ['404 NoSuchBucket', 'NOT_FOUND', sdkError('NoSuchBucket', 404)],
    ['404 NotFound (HEAD)', 'NOT_FOUND', sdkError('NotFound', 404)],
    ['400 InvalidArgument', 'PERMANENT', sdkError('InvalidArgument', 400)],
    ['413 EntityTooLarge', 'PERMANENT', sdkError('EntityTooLarge', 413)],
    ['a TypeError that never reached the wire', 'PERMANENT', new TypeError('bad config')],
    ['a thrown string', 'PERMANENT', 'weird'],
  ];

  it.each(cases)('%s → %s', (_label, kind, err) => {
    const mapped = mapS3Error(err, 'get k');
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.provider).toBe('s3');
    expect(mapped.cause).toBe(err);
    expect(mapped.message).toMatch(/^s3: get k failed/);
  });

  it('reads Retry-After from the raw response when throttled', () => {
    expect(mapS3Error(sdkError('SlowDown', 503, { 'retry-after': '7' }), 'put k').retryAfterMs).toBe(7_000);
    expect(mapS3Error(sdkError('SlowDown', 503), 'put k').retryAfterMs).toBeUndefined();
  });

  it('returns an IntegrationError unchanged', () => {
    const original = new IntegrationError({ kind: 'PERMANENT', provider: 's3', message: 'x' });
    expect(mapS3Error(original, 'x')).toBe(original);
  });
});
