import swc from 'unplugin-swc';
import { project } from '../../vitest.shared.mts';

// SWC compiles the API's decorators with emitted metadata, exactly as Nest's DI needs.
export default project('api', {
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { name: 'api', pool: 'forks', globalSetup: ['../../packages/db/src/testing/global-setup.ts'] },
});
