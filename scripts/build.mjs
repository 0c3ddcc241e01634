// Builds what is out of date: the TypeScript packages and API (tsc -b is incremental), then the web app when any
// of its inputs is newer than its last build. `--only-packages` stops after the packages (for scripts that import
// them). Used by `npm start`, `npm run test:e2e` and the generators.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const onlyPackages = process.argv.includes('--only-packages');

function run(label, command, args, cwd = root) {
  const started = Date.now();
  process.stdout.write(`build: ${label} … `);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stdout.write('failed\n');
    process.stderr.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.next' || entry === '.tsbuildinfo') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
run(onlyPackages ? 'packages' : 'packages and api', process.execPath, [
  tsc,
  '-b',
  onlyPackages ? 'packages/contracts' : 'tsconfig.json',
  ...(onlyPackages ? ['packages/db', 'packages/sdk', 'packages/integrations', 'packages/domain'] : []),
]);
if (onlyPackages) process.exit(0);

const web = join(root, 'apps', 'web');
const buildId = join(web, '.next', 'BUILD_ID');
const inputs = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.ts',
  'package.json',
  'postcss.config.mjs',
  'tsconfig.json',
]
  .map((p) => join(web, p))
  .concat([join(root, 'packages', 'sdk', 'dist')]);
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (inputs.some((p) => newestMtime(p) > builtAt)) {
  run('web', process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], web);
} else {
  console.log('build: web is up to date');
}
