import { MoneyError } from './errors.js';
import { assertBigint, assertInt8, describe } from './int8.js';
import { money, type Money } from './money.js';

/**
 * Splits `total` in proportion to `ratios` by the largest-remainder (Hamilton) method:
 *
 * - the shares sum to `total` exactly;
 * - each share is within 1 unit of its exact proportional value `total × ratio / Σratios` (it is that value
 *   rounded down or up);
 * - a zero ratio gets 0;
 * - the units left after rounding every share toward zero go one each to the largest fractional remainders,
 *   ties going to the lower index, so the same input always gives the same output.
 *
 * Unlike dinero.js, which hands leftover units out in index order, the leftovers follow the remainders, so
 * [1n, 2n] of 1n gives [0n, 1n] rather than [1n, 0n].
 *
 * A negative total is split as the mirror image of its magnitude: `allocate(-t, r)` is
 * `allocate(t, r).map(s => -s)`, so a clawback reverses the matching payout split unit for unit.
 *
 * Ratios are bigints ≥ 0 with at least one above zero; percentages work as ratios ([70n, 30n]) and so do
 * basis points or weights. Throws INVALID_RATIOS otherwise and OVERFLOW for a total outside int8.
 */
export function allocate(total: bigint, ratios: readonly bigint[]): bigint[] {
  assertBigint(total, 'Total to allocate');
  assertInt8(total, 'Total to allocate');
  const sum = checkRatios(ratios);

  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const shares = ratios.map((ratio) => (magnitude * ratio) / sum);
  let leftover = magnitude - shares.reduce((a, b) => a + b, 0n);

  // leftover × sum equals the sum of the remainders, each below sum, so fewer than
  // (number of non-zero remainders) units are left: each share gains at most one, zero ratios none.
  const byRemainder = ratios
    .map((ratio, index) => ({ index, remainder: (magnitude * ratio) % sum }))
    .filter(({ remainder }) => remainder > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }

  return negative ? shares.map((share) => -share) : shares;
}

/** `allocate` over a Money; every share keeps the currency. */
export function allocateMoney(m: Money, ratios: readonly bigint[]): Money[] {
  return allocate(m.micros, ratios).map((share) => money(share, m.currency));
}

function checkRatios(ratios: readonly bigint[]): bigint {
  if (!Array.isArray(ratios) || ratios.length === 0) {
    throw new MoneyError('INVALID_RATIOS', 'Allocation needs at least one ratio');
  }
  let sum = 0n;
  ratios.forEach((ratio: unknown, index) => {
    if (typeof ratio !== 'bigint') {
      throw new MoneyError('INVALID_RATIOS', `Ratio at index ${index} must be a bigint, got ${describe(ratio)}`);
    }
    if (ratio < 0n) {
      throw new MoneyError('INVALID_RATIOS', `Ratio at index ${index} is negative (${ratio})`);
    }
    sum += ratio;
  });
  if (sum === 0n) throw new MoneyError('INVALID_RATIOS', 'Allocation ratios are all zero');
  return sum;
}
