// Mail port: the outbox driver (apps/api, stores mail in the database for the admin area) and SMTP are
// interchangeable behind it.

export type MailMessage = { to: string; subject: string; text: string; html?: string };

export type Mailer = {
  readonly driver: 'outbox' | 'smtp';
  /**
   * Sends one message. `idempotencyKey` (e.g. the notification row id) lets a driver recognise a retry of the same
   * send: the outbox stores it once, SMTP derives a stable Message-ID from it so receivers can drop duplicates.
   * Rejects with an IntegrationError when the provider fails.
   */
  send(msg: MailMessage, opts?: { idempotencyKey?: string }): Promise<{ messageId: string }>;
};
