// Public surface of @creator-rewards/integrations: one port per kind of provider, its real adapters, the shared
// error vocabulary, and local fake servers.
//
// The fakes (startFakeS3, startFakeSmtp) are TEST-ONLY: they exist so other packages' tests can drive the real
// adapters over loopback. Never start them in production code; their dependencies are devDependencies.

export {
  IntegrationError,
  INTEGRATION_ERROR_KINDS,
  isIntegrationError,
  isTransientNetworkCode,
  parseRetryAfterMs,
  type IntegrationErrorInit,
  type IntegrationErrorKind,
} from './errors.js';

export {
  assertContentType,
  assertObjectKey,
  DEFAULT_CONTENT_TYPE,
  MAX_CONTENT_TYPE_LENGTH,
  MAX_OBJECT_KEY_LENGTH,
  type ObjectStorage,
  type StoredObject,
} from './storage/storage.port.js';
export { createLocalFolderStorage, type LocalFolderStorageOptions } from './storage/local-folder.adapter.js';
export { createS3Storage, mapS3Error, type S3StorageOptions } from './storage/s3.adapter.js';
export { startFakeS3, type FakeS3 } from './storage/s3.fake.js';

export type { Mailer, MailMessage } from './mail/mail.port.js';
export { createSmtpMailer, idempotentMessageId, mapSmtpError, type SmtpMailerOptions } from './mail/smtp.adapter.js';
export { startFakeSmtp, type FakeSmtp, type FakeSmtpMessage, type FakeSmtpOptions } from './mail/smtp.fake.js';

export type { ChargeRequest, ChargeResult, PaymentRail } from './payments/payments.port.js';
export { createSandboxRail } from './payments/sandbox.rail.js';
