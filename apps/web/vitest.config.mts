import { project } from '../../vitest.shared.mts';

// The web app's pure helpers in lib/; the pages themselves are covered by the browser tests in e2e/.
export default project('web', { test: { name: 'web', include: ['lib/**/*.test.ts'] } });
