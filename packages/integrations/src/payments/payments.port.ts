/**
 * The payments port: how money comes in from a brand (and, in its own issue, leaves to participants).
 *
 * Money-moving calls follow DESIGN §6: the caller writes its intent row first and passes the intent's id as
 * `idempotencyKey`; a rail must return the same outcome for the same key however often it is called, so a retry
 * after a timeout ("outcome unknown") can never charge twice. Amounts are bigint micro-units; a rail that needs
 * minor units converts exactly and refuses amounts that are not whole minor units.
 */
export type ChargeRequest = {
  /** The intent's id: the same key always names the same charge. */
  readonly idempotencyKey: string;
  readonly amountMicros: bigint;
  readonly currency: string;
  /** Shown on statements; no personal data. */
  readonly description: string;
  /** Plain string pairs for the rail's dashboard (campaign id, org id). */
  readonly metadata: Readonly<Record<string, string>>;
};

export type ChargeResult =
  | { readonly status: 'succeeded'; readonly providerRef: string }
  | { readonly status: 'failed'; readonly providerRef: string | null; readonly reason: string };

export type PaymentRail = {
  /** `sandbox` or `stripe`: recorded on each payment. */
  readonly name: 'sandbox' | 'stripe';
  /** Charge a brand; settles at once on the sandbox rail. Throws IntegrationError when the outcome is unknown. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
};
