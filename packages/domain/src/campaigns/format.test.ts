import { describe, expect, test } from 'vitest';
import { formatAmount, formatInstant } from './format.js';

describe('formatAmount', () => {
  test.each<[bigint, string, string]>([
    [600_000_000n, 'USD', 'USD 600.00'],
    [500_000_000n, 'JPY', 'JPY 500'],
    [1_250_000n, 'KWD', 'KWD 1.250'],
    [1_500n, 'USD', 'USD 0.0015'], // a sub-cent rate keeps its digits
    [10_005_000n, 'USD', 'USD 10.005'],
    [500_500_000n, 'JPY', 'JPY 500.5'],
    [-5_000_000n, 'EUR', 'EUR -5.00'],
    [1_234_567_000_000n, 'USD', 'USD 1234567.00'],
    [600_000_000n, 'XYZ', '600'], // unsupported: no code, no padding
  ])('%s %s → %s', (micros, currency, expected) => {
    expect(formatAmount(micros, currency)).toBe(expected);
  });
});

describe('formatInstant', () => {
  test.each<[string, string]>([
    ['2026-12-03T09:05:00Z', '3 Dec 2026, 09:05 UTC'],
    ['2027-01-01T23:59:59Z', '1 Jan 2027, 23:59 UTC'],
  ])('%s → %s', (iso, expected) => {
    expect(formatInstant(new Date(iso))).toBe(expected);
  });
});
