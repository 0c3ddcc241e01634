export { z } from './zod.js';
export * from './errors.js';
export * from './route.js';
export * from './health.js';
export * from './openapi.js';
export * from './routes.js';
