export * from './money/index.js';
export * from './ledger/index.js';
export * from './earnings/index.js';
export * from './submissions/index.js';
export * from './campaigns/index.js';
