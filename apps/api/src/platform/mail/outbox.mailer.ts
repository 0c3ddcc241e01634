import { mailOutbox, type Database } from '@creator-rewards/db';
import type { MailMessage, Mailer } from '@creator-rewards/integrations';
import { eq } from 'drizzle-orm';

/**
 * The embedded mode's mail driver: messages are stored in the mail_outbox table (readable by admins) instead of
 * being sent. A repeated idempotency key stores the message once and answers the first message's id.
 */
export function createOutboxMailer(db: Database): Mailer {
  return {
    driver: 'outbox',
    async send(message: MailMessage, opts?: { idempotencyKey?: string }) {
      const values = {
        toAddress: message.to,
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html ?? null,
        idempotencyKey: opts?.idempotencyKey ?? null,
      };
      const [row] = await db
        .insert(mailOutbox)
        .values(values)
        .onConflictDoNothing({ target: mailOutbox.idempotencyKey })
        .returning({ id: mailOutbox.id });
      if (row) return { messageId: row.id };
      const [existing] = await db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(eq(mailOutbox.idempotencyKey, opts!.idempotencyKey!));
      return { messageId: existing!.id };
    },
  };
}
