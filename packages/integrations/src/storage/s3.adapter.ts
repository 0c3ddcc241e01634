// S3 driver for multi-machine installs: AWS S3 or any S3 API (MinIO, R2, ...), configured by `S3_*` env in apps/api.

import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

import { IntegrationError, isTransientNetworkCode, parseRetryAfterMs } from '../errors.js';
import {
  assertContentType,
  assertObjectKey,
  DEFAULT_CONTENT_TYPE,
  type ObjectStorage,
  type StoredObject,
} from './storage.port.js';

export type S3StorageOptions = {
  /** Custom endpoint for S3-compatible services; omit for AWS. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (http://host/bucket/key). Defaults to true when `endpoint` is set, as MinIO and most
   *  self-hosted services need it, and to false for AWS. */
  forcePathStyle?: boolean | undefined;
  /** Attempts per call, including the SDK's own retries of throttling and 5xx. Default 3. */
  maxAttempts?: number | undefined;
  /** Stream bodies up to this size are buffered in memory; larger ones are spooled to a temp file, because S3
   *  needs a Content-Length up front. Default 8 MiB. */
  memoryBufferBytes?: number | undefined;
  /** Where large stream bodies are spooled. Default: the OS temp folder. */
  spoolDirectory?: string | undefined;
};

const PROVIDER = 's3';
const DEFAULT_MEMORY_BUFFER_BYTES = 8 * 1024 * 1024;

export function createS3Storage(options: S3StorageOptions): ObjectStorage {
  const { bucket } = options;
  const memoryBufferBytes = options.memoryBufferBytes ?? DEFAULT_MEMORY_BUFFER_BYTES;
  const spoolDirectory = options.spoolDirectory ?? os.tmpdir();
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK retries throttling, 5xx and network errors itself, except for a stream body (a spooled upload),
    // which it cannot rewind: that one fails TEMPORARY at once and the caller's job retries the whole put.
    maxAttempts: options.maxAttempts ?? 3,
    // With the SDK's default (WHEN_SUPPORTED) a stream body is sent with aws-chunked framing, which some
    // S3-compatible servers store verbatim: silent corruption. Checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });

  return {
    driver: 's3',

    async put(key, body, opts): Promise<StoredObject> {
      assertObjectKey(key);
      assertContentType(opts.contentType);
      const prepared = await prepareBody(body, memoryBufferBytes, spoolDirectory);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: prepared.body,
            ContentLength: prepared.size,
            ContentType: opts.contentType,
          }),
        );
        return { key, size: prepared.size, contentType: opts.contentType };
      } catch (err) {
        throw mapS3Error(err, `put ${key}`);
      } finally {
        await prepared.cleanup();
      }
    },

    async get(key) {
      assertObjectKey(key);
      let response;
      try {
        response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        if (errorName(err) === 'NoSuchKey') return null;
        throw mapS3Error(err, `get ${key}`);
      }
      if (!(response.Body instanceof Readable)) {
        throw new IntegrationError({
          kind: 'PERMANENT',
          provider: PROVIDER,
          message: `get ${key}: response has no body`,
        });
      }
      return {
        body: response.Body,
        size: response.ContentLength ?? 0,
        contentType: response.ContentType ?? DEFAULT_CONTENT_TYPE,
      };
    },

    async exists(key) {
      assertObjectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (err) {
        // A HEAD response has no body, so a missing key and a missing bucket look alike (404 NotFound);
        // ping() is what reports a missing bucket.
        if (httpStatus(err) === 404) return false;
        throw mapS3Error(err, `exists ${key}`);
      }
    },

    async delete(key) {
      assertObjectKey(key);
      try {
        // S3 answers 204 for a missing key too, which is what makes this idempotent.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        throw mapS3Error(err, `delete ${key}`);
      }
    },

    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        throw mapS3Error(err, `ping bucket ${bucket}`);
      }
    },
  };
}

type PreparedBody = { body: Uint8Array | Readable; size: number; cleanup(): Promise<void> };

async function prepareBody(
  body: Uint8Array | NodeJS.ReadableStream,
  memoryBufferBytes: number,
  spoolDirectory: string,
): Promise<PreparedBody> {
  const noCleanup = async (): Promise<void> => {};
  if (body instanceof Uint8Array) return { body, size: body.byteLength, cleanup: noCleanup };

  const chunks: Buffer[] = [];
  let size = 0;
  let spool: { file: string; handle: fs.FileHandle } | undefined;
  try {
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.byteLength;
      if (spool === undefined && size <= memoryBufferBytes) {
        chunks.push(bytes);
        continue;
      }
      if (spool === undefined) {
        const file = path.join(spoolDirectory, `s3-upload-${randomUUID()}`);
        spool = { file, handle: await fs.open(file, 'wx', 0o600) };
        for (const buffered of chunks) await spool.handle.write(buffered);
        chunks.length = 0;
      }
      await spool.handle.write(bytes);
    }
  } catch (err) {
    if (spool !== undefined) {
      await spool.handle.close();
      await fs.rm(spool.file, { force: true });
    }
    throw err;
  }

  if (spool === undefined) return { body: Buffer.concat(chunks, size), size, cleanup: noCleanup };
  await spool.handle.close();
  const { file } = spool;
  const stream = createReadStream(file);
  return {
    body: stream,
    size,
    cleanup: async () => {
      stream.destroy();
      await fs.rm(file, { force: true });
    },
  };
}

const RATE_LIMITED_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const AUTH_NAMES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AccountProblem',
]);
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);
const TEMPORARY_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  // The SDK corrects its clock and retries; if it still fails, a later attempt can succeed.
  'RequestTimeTooSkewed',
]);

/**
 * Maps an error thrown by @aws-sdk/client-s3 (or by the socket beneath it) to the shared vocabulary.
 * Order matters: throttling is checked before the generic 5xx rule because S3 throttles with 503 SlowDown.
 */
export function mapS3Error(err: unknown, action: string): IntegrationError {
  if (err instanceof IntegrationError) return err;
  const name = errorName(err);
  const status = httpStatus(err);
  const code = isRecord(err) ? err['code'] : undefined;
  const detail = isRecord(err) && typeof err['message'] === 'string' ? err['message'].slice(0, 200) : '';
  const message = `${action} failed: ${name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}${detail === '' ? '' : `: ${detail}`}`;
  const make = (kind: IntegrationError['kind'], retryAfterMs?: number): IntegrationError =>
    new IntegrationError({ kind, provider: PROVIDER, message, retryAfterMs, cause: err });

  if (name !== undefined && TEMPORARY_NAMES.has(name)) return make('TEMPORARY');
  if ((name !== undefined && RATE_LIMITED_NAMES.has(name)) || status === 429 || status === 503) {
    return make('RATE_LIMITED', parseRetryAfterMs(retryAfterHeader(err)));
  }
  if ((name !== undefined && AUTH_NAMES.has(name)) || status === 401 || status === 403) return make('AUTH_REVOKED');
  if ((name !== undefined && NOT_FOUND_NAMES.has(name)) || status === 404) return make('NOT_FOUND');
  if (status !== undefined && status >= 500) return make('TEMPORARY');
  if (isTransientNetworkCode(code)) return make('TEMPORARY');
  // Anything else, a 4xx or an error that never reached the wire (bad config, invalid input), fails the same way
  // on every retry.
  return make('PERMANENT');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorName(err: unknown): string | undefined {
  return isRecord(err) && typeof err['name'] === 'string' ? err['name'] : undefined;
}

function httpStatus(err: unknown): number | undefined {
  if (!isRecord(err) || !isRecord(err['$metadata'])) return undefined;
  const status = err['$metadata']['httpStatusCode'];
  return typeof status === 'number' ? status : undefined;
}

function retryAfterHeader(err: unknown): string | undefined {
  // $response is the raw HTTP response the SDK attaches (not enumerable) to service errors.
  if (!isRecord(err) || !isRecord(err['$response']) || !isRecord(err['$response']['headers'])) return undefined;
  const value = err['$response']['headers']['retry-after'];
  return typeof value === 'string' ? value : undefined;
}
