export * from './mail.js';
export * from './identity.js';
export * from './orgs.js';
export * from './audit.js';
export * from './ledger.js';
export * from './campaigns.js';
export * from './participation.js';
export * from './earnings.js';
