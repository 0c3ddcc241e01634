// The landing page's worked example, computed rather than typed in so the figures on the page cannot
// drift from the rule they illustrate: amounts are bigint micro-units (10^-6 USD), rates are micros per
// 1,000 views, and rounding to cents happens only when money leaves (the payout).

const MICROS_PER_CENT = 10_000n;

export type EarningsExample = {
  readonly views: bigint;
  readonly rateMicrosPerThousand: bigint;
  readonly postCapMicros: bigint;
  readonly budgetRemainingMicros: bigint;
  readonly uncappedMicros: bigint;
  readonly owedMicros: bigint;
  readonly paidOutMicros: bigint;
  readonly carriedMicros: bigint;
};

function minBigint(first: bigint, ...rest: bigint[]): bigint {
  return rest.reduce((min, value) => (value < min ? value : min), first);
}

export function computeEarningsExample(input: {
  views: bigint;
  rateMicrosPerThousand: bigint;
  postCapMicros: bigint;
  budgetRemainingMicros: bigint;
}): EarningsExample {
  // bigint division truncates, which is floor for the non-negative values used here.
  const uncappedMicros = (input.views * input.rateMicrosPerThousand) / 1000n;
  const owedMicros = minBigint(uncappedMicros, input.postCapMicros, input.budgetRemainingMicros);
  const carriedMicros = owedMicros % MICROS_PER_CENT;
  return { ...input, uncappedMicros, owedMicros, paidOutMicros: owedMicros - carriedMicros, carriedMicros };
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatCount(value: bigint): string {
  return groupThousands(value.toString());
}

/** "$120.625": at least two decimals, more only when a sub-cent remainder exists. Non-negative input. */
export function formatUsdMicros(micros: bigint): string {
  const whole = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `$${groupThousands(whole.toString())}.${fraction}`;
}
