// Object storage port: the local folder (one machine) and any S3 API (many machines) are interchangeable behind it.
// Keys are chosen by our code, never taken verbatim from a user, but they are still checked here so that no adapter
// can be tricked into writing outside its root or into a key that means different things on disk and in S3.

import type { Readable } from 'node:stream';

export type StoredObject = { key: string; size: number; contentType: string };

export type ObjectStorage = {
  readonly driver: 'local' | 's3';
  /** Writes the whole object or nothing: readers see the old object or the new one, never a partial write. */
  put(key: string, body: Uint8Array | NodeJS.ReadableStream, opts: { contentType: string }): Promise<StoredObject>;
  /**
   * Resolves to null when the key does not exist. The caller must consume or destroy() `body`: it holds a file
   * handle or a socket until then. (A `Readable` rather than `NodeJS.ReadableStream` so that destroy() exists.)
   */
  get(key: string): Promise<{ body: Readable; size: number; contentType: string } | null>;
  exists(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  /** Throws an IntegrationError when the backend is unreachable or misconfigured (used by /readyz). */
  ping(): Promise<void>;
};

export const MAX_OBJECT_KEY_LENGTH = 512;
const OBJECT_KEY_CHARS = /^[A-Za-z0-9/_.-]+$/;

/**
 * Throws a RangeError unless `key` is safe on every driver: only [A-Za-z0-9/_.-], at most 512 characters,
 * no leading or trailing '/', and no empty, '.' or '..' segment (a filesystem would collapse those, S3 would not).
 */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new RangeError('Object key must be a non-empty string');
  if (key.length > MAX_OBJECT_KEY_LENGTH) {
    throw new RangeError(`Object key is ${key.length} characters long, the limit is ${MAX_OBJECT_KEY_LENGTH}`);
  }
  if (!OBJECT_KEY_CHARS.test(key)) {
    throw new RangeError(`Object key ${JSON.stringify(key)} may only contain A-Z a-z 0-9 / _ . -`);
  }
  if (key.startsWith('/')) throw new RangeError(`Object key ${JSON.stringify(key)} must not start with '/'`);
  if (key.endsWith('/')) throw new RangeError(`Object key ${JSON.stringify(key)} must not end with '/'`);
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new RangeError(`Object key ${JSON.stringify(key)} must not contain an empty, '.' or '..' segment`);
    }
  }
}

export const MAX_CONTENT_TYPE_LENGTH = 255;
// type "/" subtype, then optional parameters; printable ASCII only, so it can never break a header line.
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;[\x20-\x7e]*)?$/;

/** Throws a RangeError unless `contentType` looks like a MIME type that is safe to send as a header. */
export function assertContentType(contentType: string): void {
  if (
    typeof contentType !== 'string' ||
    contentType.length > MAX_CONTENT_TYPE_LENGTH ||
    !CONTENT_TYPE.test(contentType)
  ) {
    throw new RangeError(`Content type ${JSON.stringify(contentType)} is not a valid MIME type`);
  }
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
