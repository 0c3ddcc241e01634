import { createHash } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentRail } from './payments.port.js';

/**
 * The sandbox rail (embedded default, DESIGN §2): a product feature for local use and demos, not a test fake.
 * Every charge succeeds at once and nothing leaves the machine; the ledger records the money as if it had
 * arrived. The reference is derived from the idempotency key, so a repeated charge returns the same result.
 *
 * `failAmountsEndingIn` lets a demo show a declined payment: an amount whose micros end in those digits fails
 * with a card-declined reason (default: none).
 */
export function createSandboxRail(options: { failAmountsEndingIn?: string } = {}): PaymentRail {
  return {
    name: 'sandbox',
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      if (request.amountMicros <= 0n) throw new RangeError('A charge must be positive');
      const providerRef = `sbx_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
      const suffix = options.failAmountsEndingIn;
      if (suffix && request.amountMicros.toString().endsWith(suffix)) {
        return { status: 'failed', providerRef, reason: 'The sandbox card was declined.' };
      }
      return { status: 'succeeded', providerRef };
    },
  };
}
