export { openTestDatabase, type TestDatabase } from './harness.js';
export { createFactories, type Factories } from './factories.js';
