export * from './money/index.js';
export * from './ledger/index.js';
export * from './earnings/index.js';
