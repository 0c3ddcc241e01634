// Redis isolation for BullMQ tests: every queue of a run lives under its own key prefix, and teardown obliterates
// those queues and deletes whatever else the run left under the prefix, so runs never see each other's jobs.

import { randomBytes } from 'node:crypto';

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** A prefix no other run (or other test file of this run) uses; pass `next()` to each queue instance. */
export function redisTestPrefixes(): { runPrefix: string; next(): string } {
  const runPrefix = `cr-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  let n = 0;
  return { runPrefix, next: () => `${runPrefix}-${++n}` };
}

/** Obliterates every BullMQ queue under `runPrefix*` and deletes any key left there; returns the queues found. */
export async function obliterateRedisTestPrefix(url: string, runPrefix: string): Promise<string[]> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  try {
    const keys = await scanKeys(connection, `${runPrefix}*`);
    // BullMQ keys read '<prefix>:<queue name>:<part>'; neither our prefixes nor job names contain ':'.
    const queues = new Set(keys.map((key) => key.split(':').slice(0, 2).join(':')).filter((q) => q.includes(':')));
    for (const prefixAndName of queues) {
      const [prefix = '', name = ''] = prefixAndName.split(':');
      const queue = new Queue(name, { connection, prefix });
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
    const left = await scanKeys(connection, `${runPrefix}*`);
    if (left.length > 0) await connection.del(...left);
    return [...queues];
  } finally {
    await connection.quit();
  }
}

async function scanKeys(connection: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
