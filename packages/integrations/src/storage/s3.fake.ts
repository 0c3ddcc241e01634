// Test-only: a real S3-compatible HTTP server (s3rver) on 127.0.0.1, so the S3 adapter is tested over the wire.
// Clients must use forcePathStyle: true and the credentials returned here.

import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

// s3rver is CommonJS and ships no types: load it through require and describe the part of its API used here.
type S3rverOptions = {
  address?: string;
  port?: number;
  silent?: boolean;
  directory?: string;
  configureBuckets?: Array<{ name: string; configs: Array<string | Buffer> }>;
};
type S3rverObject = {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: Record<string, string>;
};
type S3rverStore = {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
};
type S3rverInstance = {
  httpServer: Server | undefined;
  store: S3rverStore;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};
type S3rverConstructor = new (options: S3rverOptions) => S3rverInstance;

export type FakeS3 = {
  /** e.g. http://127.0.0.1:40123 */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
};

export async function startFakeS3({ buckets }: { buckets: string[] }): Promise<FakeS3> {
  for (const name of buckets) {
    // s3rver silently misbehaves on short names; fail loudly instead.
    if (!/^[a-z0-9][a-z0-9.-]{2,62}$/.test(name)) {
      throw new RangeError(`Fake S3 bucket name ${JSON.stringify(name)} must be 3-63 chars of a-z 0-9 . -`);
    }
  }
  // Loaded on first use, not at import: s3rver is a devDependency and this module is re-exported from the
  // package index, which production code imports.
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  makePutsAtomic(server.store);
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    await fs.rm(directory, { recursive: true, force: true });
    throw err;
  }

  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      if (stopped) return;
      stopped = true;
      // The SDK keeps sockets alive; without this, close() would wait for them to time out.
      server.httpServer?.closeAllConnections();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver writes an object in place and answers before the write is flushed, so two concurrent PUTs of one key
 * interleave their bytes, which real S3 never does. Replace its putObject with one that writes a temp file,
 * renames it into place, and runs one PUT per key at a time: last writer wins, every object is whole.
 */
function makePutsAtomic(store: S3rverStore): void {
  const queues = new Map<string, Promise<unknown>>();
  store.putObject = (object) => {
    const id = `${object.bucket}/${object.key}`;
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => writeWhole(store, object));
    queues.set(id, next);
    void next
      .finally(() => {
        if (queues.get(id) === next) queues.delete(id);
      })
      .catch(() => undefined);
    return next;
  };
}

async function writeWhole(store: S3rverStore, object: S3rverObject): Promise<{ size: number; md5: string }> {
  const content = Buffer.isBuffer(object.content) ? object.content : await collect(object.content);
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  await fs.mkdir(path.dirname(objectPath), { recursive: true });
  // The temp name does not end in s3rver's object suffix, so listings never show it.
  const tmp = `${objectPath}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, objectPath);
  const md5 = createHash('md5').update(content).digest('hex');
  await store.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size: content.byteLength, md5 };
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
