// The ObjectStorage contract, written once and run against every driver (local folder, S3 via the fake), so the
// drivers stay interchangeable. Each driver's own test file calls describeStorageContract.

import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ObjectStorage } from '../src/storage/storage.port.js';

export type StorageUnderTest = { storage: ObjectStorage; teardown?: () => Promise<void> };

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** A stream that yields `bytes` in uneven chunks, asynchronously, like a request body arriving off a socket. */
export function chunkedStream(bytes: Uint8Array, chunkSizes: readonly number[] = [1, 7, 4096, 65_537, 1000]): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    let offset = 0;
    let i = 0;
    while (offset < bytes.byteLength) {
      const size = chunkSizes[i % chunkSizes.length] ?? 1024;
      yield Buffer.from(bytes.subarray(offset, offset + size));
      offset += size;
      i += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return Readable.from(generate(), { objectMode: false });
}

export function failingStream(afterBytes: number): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    yield Buffer.alloc(afterBytes, 0x61);
    await new Promise<void>((resolve) => setImmediate(resolve));
    throw new Error('client went away');
  }
  return Readable.from(generate(), { objectMode: false });
}

export const UNSAFE_KEYS = [
  '../x',
  '/etc/passwd',
  'a/../../b',
  'a\\b',
  '',
  '..',
  './a',
  'a/./b',
  'a//b',
  'a/',
  'a b',
  'caf\u00e9',
  'a\u0000b',
  '%2e%2e/x',
  'x'.repeat(513),
] as const;

export function describeStorageContract(name: string, setup: () => Promise<StorageUnderTest>): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    let sut: StorageUnderTest;
    let storage: ObjectStorage;
    // Every test writes under its own prefix, so tests never see each other's objects.
    const key = (suffix: string): string => `contract/${randomUUID()}/${suffix}`;

    beforeAll(async () => {
      sut = await setup();
      storage = sut.storage;
    });
    afterAll(async () => {
      await sut?.teardown?.();
    });

    it('round-trips every byte value from a Uint8Array and reports size and content type', async () => {
      const k = key('bytes.bin');
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const stored = await storage.put(k, bytes, { contentType: 'application/octet-stream' });
      expect(stored).toEqual({ key: k, size: 512, contentType: 'application/octet-stream' });

      const got = await storage.get(k);
      expect(got).not.toBeNull();
      expect(got?.size).toBe(512);
      expect(got?.contentType).toBe('application/octet-stream');
      expect(Buffer.compare(await readAll(got!.body), Buffer.from(bytes))).toBe(0);
    });

    it('round-trips a 200 KB stream byte-exact', async () => {
      const k = key('photo.jpg');
      const bytes = randomBytes(200 * 1024);
      const stored = await storage.put(k, chunkedStream(bytes), { contentType: 'image/jpeg' });
      expect(stored.size).toBe(bytes.byteLength);

      const got = await storage.get(k);
      expect(got?.size).toBe(bytes.byteLength);
      const back = await readAll(got!.body);
      expect(back.byteLength).toBe(bytes.byteLength);
      expect(back.equals(bytes)).toBe(true);
    });

    it('stores an empty object', async () => {
      const k = key('empty.txt');
      await storage.put(k, new Uint8Array(0), { contentType: 'text/plain' });
      const got = await storage.get(k);
      expect(got?.size).toBe(0);
      expect((await readAll(got!.body)).byteLength).toBe(0);
      expect(await storage.exists(k)).toBe(true);
    });

    it('keeps the content type, parameters included', async () => {
      const k = key('note.txt');
      await storage.put(k, Buffer.from('héllo'), { contentType: 'text/plain; charset=utf-8' });
      const got = await storage.get(k);
      expect(got?.contentType).toBe('text/plain; charset=utf-8');
      expect((await readAll(got!.body)).toString('utf8')).toBe('héllo');
    });

    it('overwrites an existing key, bytes and content type', async () => {
      const k = key('doc');
      await storage.put(k, Buffer.from('first version, longer'), { contentType: 'text/plain' });
      await storage.put(k, Buffer.from('{"v":2}'), { contentType: 'application/json' });
      const got = await storage.get(k);
      expect(got?.contentType).toBe('application/json');
      expect((await readAll(got!.body)).toString()).toBe('{"v":2}');
    });

    it('answers null / false for a missing key', async () => {
      const k = key('never-written');
      expect(await storage.get(k)).toBeNull();
      expect(await storage.exists(k)).toBe(false);
    });

    it('keeps nested and sibling keys independent', async () => {
      const prefix = key('tree');
      await storage.put(`${prefix}/a/one.txt`, Buffer.from('1'), { contentType: 'text/plain' });
      await storage.put(`${prefix}/a/two.txt`, Buffer.from('2'), { contentType: 'text/plain' });
      await storage.delete(`${prefix}/a/one.txt`);
      expect(await storage.exists(`${prefix}/a/one.txt`)).toBe(false);
      expect(await storage.exists(`${prefix}/a`)).toBe(false);
      expect((await readAll((await storage.get(`${prefix}/a/two.txt`))!.body)).toString()).toBe('2');
    });

    it('delete is idempotent', async () => {
      const k = key('to-delete.bin');
      await storage.delete(k); // never existed
      await storage.put(k, Buffer.from('x'), { contentType: 'application/octet-stream' });
      expect(await storage.exists(k)).toBe(true);
      await storage.delete(k);
      await storage.delete(k);
      expect(await storage.exists(k)).toBe(false);
      expect(await storage.get(k)).toBeNull();
    });

    it.each(UNSAFE_KEYS.map((k) => [JSON.stringify(k).slice(0, 40), k]))(
      'rejects the unsafe key %s in every method with a RangeError',
      async (_label, badKey) => {
        await expect(storage.put(badKey, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(RangeError);
        await expect(
          storage.put(badKey, chunkedStream(Buffer.from('x')), { contentType: 'text/plain' }),
        ).rejects.toThrow(RangeError);
        await expect(storage.get(badKey)).rejects.toThrow(RangeError);
        await expect(storage.exists(badKey)).rejects.toThrow(RangeError);
        await expect(storage.delete(badKey)).rejects.toThrow(RangeError);
      },
    );

    it.each(['', 'text', 'text/plain\r\nX-Injected: 1', 'text/plain\n', 'a/b/c', `text/${'x'.repeat(300)}`])(
      'rejects the content type %j',
      async (contentType) => {
        const k = key('bad-type');
        await expect(storage.put(k, Buffer.from('x'), { contentType })).rejects.toThrow(RangeError);
        expect(await storage.exists(k)).toBe(false);
      },
    );

    it('does not create the object when the body stream fails', async () => {
      const k = key('broken-upload');
      await expect(storage.put(k, failingStream(10_000), { contentType: 'text/plain' })).rejects.toThrow(
        'client went away',
      );
      expect(await storage.exists(k)).toBe(false);
    });

    it('leaves exactly one whole object after concurrent puts to the same key', async () => {
      const k = key('contended.bin');
      // Different lengths and fill bytes, so any mix of two writes is detectable.
      const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(50_000 + i * 7_919, 0x41 + i));
      await Promise.all(
        bodies.map((body, i) =>
          storage.put(k, i % 2 === 0 ? chunkedStream(body) : body, { contentType: 'application/octet-stream' }),
        ),
      );
      const got = await storage.get(k);
      const back = await readAll(got!.body);
      expect(bodies.some((body) => body.equals(back))).toBe(true);
      expect(got?.size).toBe(back.byteLength);
    });

    it('ping succeeds when the backend is reachable', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });
  });
}
