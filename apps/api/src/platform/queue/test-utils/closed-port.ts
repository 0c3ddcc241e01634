import { createServer } from 'node:net';

/** A 127.0.0.1 port that nothing listens on (it was just released), for "backend unreachable" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}
