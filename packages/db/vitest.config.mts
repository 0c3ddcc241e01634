import { project } from '../../vitest.shared.mts';

export default project('db', { test: { globalSetup: ['./src/testing/global-setup.ts'] } });
