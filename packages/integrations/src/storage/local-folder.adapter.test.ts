import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  chunkedStream,
  describeStorageContract,
  failingStream,
  readAll,
  UNSAFE_KEYS,
} from '../../test/storage-contract.js';
import { IntegrationError } from '../errors.js';
import { createLocalFolderStorage } from './local-folder.adapter.js';
import type { ObjectStorage } from './storage.port.js';

async function makeTempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'local-storage-test-'));
}

/** Content type of a stored object; destroys the body, as the port asks of callers that do not read it. */
async function contentTypeOf(storage: ObjectStorage, key: string): Promise<string | undefined> {
  const got = await storage.get(key);
  got?.body.destroy();
  return got?.contentType;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describeStorageContract('local folder', async () => {
  const dir = await makeTempDir();
  return {
    storage: createLocalFolderStorage({ root: path.join(dir, 'objects') }),
    teardown: () => fs.rm(dir, { recursive: true, force: true }),
  };
});

describe('local folder storage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates its root on demand and keeps bytes browsable under data/, content type under meta/', async () => {
    const root = path.join(dir, 'layout', 'nested', 'objects');
    const storage = createLocalFolderStorage({ root });
    await storage.put('campaigns/42/cover.png', Buffer.from('PNGDATA'), { contentType: 'image/png' });

    expect(await listFiles(root)).toEqual(['data/campaigns/42/cover.png', 'meta/campaigns/42/cover.png.json']);
    expect(await fs.readFile(path.join(root, 'data/campaigns/42/cover.png'), 'utf8')).toBe('PNGDATA');
    expect(JSON.parse(await fs.readFile(path.join(root, 'meta/campaigns/42/cover.png.json'), 'utf8'))).toEqual({
      contentType: 'image/png',
    });
  });

  it('lets a key end in .json or .meta.json without touching another object', async () => {
    const storage = createLocalFolderStorage({ root: path.join(dir, 'sidecar-names') });
    await storage.put('report', Buffer.from('bytes'), { contentType: 'text/csv' });
    await storage.put('report.json', Buffer.from('{}'), { contentType: 'application/json' });
    await storage.put('report.meta.json', Buffer.from('[]'), { contentType: 'application/json' });
    expect(await contentTypeOf(storage, 'report')).toBe('text/csv');
    expect((await readAll((await storage.get('report'))!.body)).toString()).toBe('bytes');
    expect((await readAll((await storage.get('report.meta.json'))!.body)).toString()).toBe('[]');
  });

  it('writes nothing outside its root for any unsafe key', async () => {
    const parent = path.join(dir, 'jail');
    const root = path.join(parent, 'objects');
    const storage = createLocalFolderStorage({ root });
    await storage.ping();
    for (const badKey of UNSAFE_KEYS) {
      await expect(storage.put(badKey, Buffer.from('pwned'), { contentType: 'text/plain' })).rejects.toThrow(
        RangeError,
      );
    }
    expect(await fs.readdir(parent)).toEqual(['objects']);
    expect(await listFiles(root)).toEqual([]);
  });

  it('leaves no temp files behind, after a successful put or a failed body stream', async () => {
    const root = path.join(dir, 'tmp-clean');
    const storage = createLocalFolderStorage({ root });
    await storage.put('ok.bin', chunkedStream(Buffer.alloc(100_000, 1)), { contentType: 'application/octet-stream' });
    await expect(storage.put('bad.bin', failingStream(70_000), { contentType: 'text/plain' })).rejects.toThrow(
      'client went away',
    );
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await listFiles(root)).toEqual(['data/ok.bin', 'meta/ok.bin.json']);
  });

  it('leaves one whole file after many concurrent streamed puts to the same key', async () => {
    const root = path.join(dir, 'race');
    const storage = createLocalFolderStorage({ root });
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.alloc(300_000 + i * 1_001, 0x30 + i));
    await Promise.all(
      bodies.map((body) =>
        storage.put('same/key.bin', chunkedStream(body), { contentType: 'application/octet-stream' }),
      ),
    );
    const onDisk = await fs.readFile(path.join(root, 'data/same/key.bin'));
    expect(bodies.filter((body) => body.equals(onDisk))).toHaveLength(1);
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('keeps serving the bytes it opened while a put replaces the object', async () => {
    const storage = createLocalFolderStorage({ root: path.join(dir, 'replace-while-reading') });
    const before = Buffer.alloc(200_000, 0x62);
    await storage.put('k', before, { contentType: 'application/octet-stream' });
    const reading = await storage.get('k');
    await storage.put('k', Buffer.from('after'), { contentType: 'text/plain' });
    expect(reading?.size).toBe(before.byteLength);
    expect((await readAll(reading!.body)).equals(before)).toBe(true);
  });

  it('treats a key that is only a "folder" of other keys as missing, and refuses to turn an object into a folder', async () => {
    const storage = createLocalFolderStorage({ root: path.join(dir, 'folders') });
    await storage.put('a/b', Buffer.from('child'), { contentType: 'text/plain' });
    expect(await storage.get('a')).toBeNull();
    expect(await storage.exists('a')).toBe(false);
    await expect(storage.delete('a')).resolves.toBeUndefined();

    await storage.put('file', Buffer.from('parent'), { contentType: 'text/plain' });
    const err = await storage
      .put('file/child', Buffer.from('x'), { contentType: 'text/plain' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ kind: 'PERMANENT', provider: 'local' });
    expect(await storage.get('file/child')).toBeNull();
    expect((await readAll((await storage.get('file'))!.body)).toString()).toBe('parent');
  });

  it('falls back to application/octet-stream when the sidecar is missing or damaged', async () => {
    const root = path.join(dir, 'sidecar');
    const storage = createLocalFolderStorage({ root });
    await storage.put('x.bin', Buffer.from('x'), { contentType: 'image/gif' });
    await fs.writeFile(path.join(root, 'meta/x.bin.json'), '{not json');
    expect(await contentTypeOf(storage, 'x.bin')).toBe('application/octet-stream');
    await fs.rm(path.join(root, 'meta/x.bin.json'));
    expect(await contentTypeOf(storage, 'x.bin')).toBe('application/octet-stream');
  });

  it('ping throws an IntegrationError when the root cannot be a folder', async () => {
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'not a folder');
    const storage = createLocalFolderStorage({ root: path.join(blocker, 'objects') });
    const err = await storage.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err).toMatchObject({ provider: 'local', kind: 'PERMANENT' });
  });
});
