// Local folder driver for the one-machine install (`./.data/objects` by default, chosen by apps/api config).
//
// Layout under root:
//   data/<key>        the object's bytes, so an operator can browse and back up the folder as-is
//   meta/<key>.json   { contentType }; a separate tree, so no key can collide with a sidecar
//   tmp/              writes land here first and are renamed into place (same filesystem, so rename is atomic)
//
// Limits, same as any filesystem: a key cannot be both an object and a "folder" of other keys ("a" and "a/b");
// such a put fails with a PERMANENT IntegrationError. Racing puts of one key always leave one whole data file;
// if they used different content types the sidecar may come from the other writer.

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { IntegrationError, type IntegrationErrorKind } from '../errors.js';
import {
  assertContentType,
  assertObjectKey,
  DEFAULT_CONTENT_TYPE,
  type ObjectStorage,
  type StoredObject,
} from './storage.port.js';

export type LocalFolderStorageOptions = {
  /** Folder holding everything; created on demand. Relative paths resolve against the process cwd. */
  root: string;
};

const PROVIDER = 'local';

export function createLocalFolderStorage({ root }: LocalFolderStorageOptions): ObjectStorage {
  const base = path.resolve(root);
  const dataRoot = path.join(base, 'data');
  const metaRoot = path.join(base, 'meta');
  const tmpRoot = path.join(base, 'tmp');

  function locate(key: string): { dataPath: string; metaPath: string } {
    assertObjectKey(key);
    const dataPath = path.resolve(dataRoot, key);
    const metaPath = path.resolve(metaRoot, `${key}.json`);
    // assertObjectKey already rules out traversal; this second, path-based check keeps it impossible even if the
    // key rules are loosened one day.
    if (!isInside(dataRoot, dataPath) || !isInside(metaRoot, metaPath)) {
      throw new RangeError(`Object key ${JSON.stringify(key)} resolves outside the storage root`);
    }
    return { dataPath, metaPath };
  }

  return {
    driver: 'local',

    async put(key, body, opts): Promise<StoredObject> {
      const { dataPath, metaPath } = locate(key);
      assertContentType(opts.contentType);
      const id = randomUUID();
      const tmpData = path.join(tmpRoot, `${id}.data`);
      const tmpMeta = path.join(tmpRoot, `${id}.meta`);
      try {
        await fs.mkdir(tmpRoot, { recursive: true });
        await writeBody(tmpData, body);
        const { size } = await fs.stat(tmpData);
        await fs.writeFile(tmpMeta, JSON.stringify({ contentType: opts.contentType }), { flush: true });
        await fs.mkdir(path.dirname(metaPath), { recursive: true });
        await fs.mkdir(path.dirname(dataPath), { recursive: true });
        // Sidecar first: once the data file is visible (which is what makes the object exist), its sidecar is at
        // least as new as it.
        await fs.rename(tmpMeta, metaPath);
        await fs.rename(tmpData, dataPath);
        return { key, size, contentType: opts.contentType };
      } catch (err) {
        await Promise.all([fs.rm(tmpData, { force: true }), fs.rm(tmpMeta, { force: true })]);
        throw mapFsError(err, `put ${key}`);
      }
    },

    async get(key) {
      const { dataPath, metaPath } = locate(key);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(dataPath, 'r');
      } catch (err) {
        if (isMissing(err)) return null;
        throw mapFsError(err, `get ${key}`);
      }
      try {
        // Size and bytes both come from the opened handle, so a concurrent put (a rename to a new inode) cannot
        // make them disagree.
        const stat = await handle.stat();
        if (!stat.isFile()) {
          await handle.close();
          return null;
        }
        const contentType = await readContentType(metaPath);
        return { body: handle.createReadStream(), size: stat.size, contentType };
      } catch (err) {
        await handle.close();
        throw mapFsError(err, `get ${key}`);
      }
    },

    async exists(key) {
      const { dataPath } = locate(key);
      try {
        return (await fs.stat(dataPath)).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw mapFsError(err, `exists ${key}`);
      }
    },

    async delete(key) {
      const { dataPath, metaPath } = locate(key);
      // Data first: the object is gone as soon as its data file is, whatever happens to the sidecar.
      for (const file of [dataPath, metaPath]) {
        try {
          await fs.unlink(file);
        } catch (err) {
          // EISDIR: the key is only a "folder" of other keys, so no object by that name exists.
          if (isMissing(err) || errorCode(err) === 'EISDIR') continue;
          throw mapFsError(err, `delete ${key}`);
        }
      }
    },

    async ping() {
      try {
        await Promise.all([dataRoot, metaRoot, tmpRoot].map((dir) => fs.mkdir(dir, { recursive: true })));
        await fs.access(base, fs.constants.R_OK | fs.constants.W_OK);
      } catch (err) {
        const mapped = mapFsError(err, 'ping');
        if (mapped instanceof IntegrationError) throw mapped;
        throw new IntegrationError({ kind: 'TEMPORARY', provider: PROVIDER, message: 'ping failed', cause: err });
      }
    },
  };
}

async function writeBody(file: string, body: Uint8Array | NodeJS.ReadableStream): Promise<void> {
  // flush: fsync before close, so a crash right after the rename cannot leave an empty file under the final name.
  if (body instanceof Uint8Array) {
    await fs.writeFile(file, body, { flush: true });
    return;
  }
  // Open before streaming: a lazily opened write stream could create the file after a failed body's cleanup ran.
  // The stream owns the handle from here (autoClose), closing it on finish or on a failed body.
  const handle = await fs.open(file, 'w');
  await pipeline(body, handle.createWriteStream({ flush: true }));
}

async function readContentType(metaPath: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(metaPath, 'utf8');
  } catch (err) {
    if (isMissing(err)) return DEFAULT_CONTENT_TYPE;
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'contentType' in parsed) {
      const { contentType } = parsed;
      if (typeof contentType === 'string' && contentType !== '') return contentType;
    }
  } catch {
    // A damaged sidecar must not make the bytes unreadable; fall through to the default.
  }
  return DEFAULT_CONTENT_TYPE;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

const FS_ERROR_KINDS: Record<string, IntegrationErrorKind> = {
  ENOSPC: 'TEMPORARY',
  EDQUOT: 'TEMPORARY',
  EMFILE: 'TEMPORARY',
  ENFILE: 'TEMPORARY',
  EBUSY: 'TEMPORARY',
  EAGAIN: 'TEMPORARY',
  EIO: 'TEMPORARY',
  EACCES: 'PERMANENT',
  EPERM: 'PERMANENT',
  EROFS: 'PERMANENT',
  // A key that is also a "folder" of other keys, or the other way round.
  ENOTDIR: 'PERMANENT',
  EISDIR: 'PERMANENT',
  EEXIST: 'PERMANENT',
  ENOTEMPTY: 'PERMANENT',
};

/** Filesystem errors become IntegrationErrors; anything else (a RangeError, a failing body stream) passes through. */
function mapFsError(err: unknown, action: string): unknown {
  const code = errorCode(err);
  if (code === undefined || !(code in FS_ERROR_KINDS)) return err;
  return new IntegrationError({
    kind: FS_ERROR_KINDS[code] ?? 'PERMANENT',
    provider: PROVIDER,
    message: `${action} failed (${code})`,
    cause: err,
  });
}
