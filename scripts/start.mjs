// `npm start`: builds what is out of date, then runs the API (with inline workers; it applies migrations on start)
// and the web app, waits until both answer, prints where they are, and stops both cleanly on Ctrl-C.
// Every setting comes from the environment (see the README's configuration table); nothing set = embedded mode.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
env.API_HOST ??= '127.0.0.1';
env.API_PORT ??= '4000';
env.WEB_HOST ??= '127.0.0.1';
env.WEB_PORT ??= '3000';
env.DATA_DIR = resolve(root, env.DATA_DIR ?? '.data');
env.PUBLIC_WEB_URL ??= `http://${env.WEB_HOST}:${env.WEB_PORT}`;
// Demo accounts are seeded only on the embedded database, never into a real PostgreSQL unless asked for.
env.DEMO_DATA ??= env.DATABASE_URL ? 'false' : 'true';
const apiOrigin = `http://${env.API_HOST === '0.0.0.0' ? '127.0.0.1' : env.API_HOST}:${env.API_PORT}`;
const webOrigin = `http://${env.WEB_HOST === '0.0.0.0' ? '127.0.0.1' : env.WEB_HOST}:${env.WEB_PORT}`;

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

const logDir = join(env.DATA_DIR, 'logs');
mkdirSync(logDir, { recursive: true });
const children = new Map();
let stopping = false;

function launch(name, args, cwd, extraEnv = {}) {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.on('data', (chunk) => {
    log.write(chunk);
    process.stderr.write(`[${name}] ${chunk}`);
  });
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`\n${name} exited unexpectedly (${signal ?? `code ${code}`}); see ${join(logDir, `${name}.log`)}`);
      void stop(1);
    }
  });
  children.set(name, child);
  return child;
}

async function waitFor(url, name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return null;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`${name} did not become ready within ${timeoutMs / 1000} s; see ${logDir}`);
  await stop(1);
  return null;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()].map(
    (child) =>
      new Promise((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  process.exit(code);
}

process.on('SIGINT', () => {
  console.log('\nstopping…');
  void stop(0);
});
process.on('SIGTERM', () => void stop(0));

launch('api', [join(root, 'apps', 'api', 'dist', 'main.js')], root);
const ready = await waitFor(`${apiOrigin}/readyz`, 'api');
if (!ready) process.exit(1);
const { checks } = await ready.json();
launch(
  'web',
  [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', env.WEB_PORT, '-H', env.WEB_HOST],
  join(root, 'apps', 'web'),
  {
    API_ORIGIN: apiOrigin,
  },
);
if (!(await waitFor(`${webOrigin}/`, 'web'))) process.exit(1);

const embedded = checks.database.driver === 'pglite';
const loginsFile = join(env.DATA_DIR, 'demo-logins.json');
const logins = env.DEMO_DATA === 'true' && existsSync(loginsFile) ? JSON.parse(readFileSync(loginsFile, 'utf8')) : [];
const demoLines = logins.length
  ? [
      `password for all: ${logins[0].password}`,
      ...logins.map((l) => `${l.email.padEnd(22)} ${l.roles.join(', ')}${l.totpSecret ? '  (2FA)' : ''}`),
      ...(logins.some((l) => l.totpSecret)
        ? [`2FA accounts: add secret ${logins.find((l) => l.totpSecret).totpSecret} to an authenticator app`]
        : []),
    ]
  : ['none (set DEMO_DATA=true to seed them)'];
console.log(`
Creator Rewards is running${embedded ? ' in embedded mode' : ''}.

  Web app     ${webOrigin}
  API         ${webOrigin}/api   (direct: ${apiOrigin})
  API docs    ${webOrigin}/docs
  Health      ${webOrigin}/api/readyz

  Database    ${checks.database.driver}${embedded ? ` (data in ${join(env.DATA_DIR, 'pglite')})` : ''}
  Jobs        ${checks.queue.driver}
  Logs        ${logDir}
  Demo logins ${demoLines.join('\n              ')}
  Mail        read it at ${webOrigin}/admin/mail (the embedded outbox)

Press Ctrl-C to stop.`);
