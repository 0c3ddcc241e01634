import { describe, expect, test } from 'vitest';
import {
  brandActionsFor,
  describeRunway,
  describeSlots,
  isStaleConflict,
  moneyOrNull,
  newIdempotencyKey,
} from './campaigns';

describe('describeRunway', () => {
  test.each([
    [null, 'no spend yet'],
    [12.5, 'about 12.5 days at the current pace'],
    [12.46, 'about 12.5 days at the current pace'],
    [3, 'about 3 days at the current pace'],
    [1, 'about 1 day at the current pace'],
    [0.4, 'less than a day at the current pace'],
    [Number.POSITIVE_INFINITY, 'no spend yet'],
  ])('%s → %s', (days, expected) => {
    expect(describeRunway(days)).toBe(expected);
  });
});

describe('describeSlots', () => {
  test.each([
    [null, undefined, 'No limit'],
    [12, 50, '12 of 50 left'],
    [0, 50, '0 of 50 left'],
    [7, undefined, '7 left'],
  ] as const)('%s of %s → %s', (left, max, expected) => {
    expect(describeSlots(left, max)).toBe(expected);
  });
});

describe('newIdempotencyKey', () => {
  test('a UUID without dashes: 32 characters the API accepts ([A-Za-z0-9_-]{8,64})', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(key).toHaveLength(32);
  });

  test('two keys differ', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  test('refuses to make a key from a bad random source rather than send one the API would refuse', () => {
    expect(() => newIdempotencyKey(() => 'abc')).toThrow(/payment key/);
    expect(() => newIdempotencyKey(() => 'has spaces in it!')).toThrow(/payment key/);
  });
});

describe('moneyOrNull', () => {
  test('keeps a Money, drops null and malformed values', () => {
    const money = { currency: 'USD', micros: '5000000', display: '$5.00' };
    expect(moneyOrNull(money)).toEqual(money);
    expect(moneyOrNull(null)).toBeNull();
    expect(moneyOrNull({ currency: 'USD' })).toBeNull();
    expect(moneyOrNull('5')).toBeNull();
  });
});

describe('brandActionsFor', () => {
  test.each([
    ['draft', ['edit', 'submit']],
    ['reviewing', []],
    ['published', ['pause', 'end']],
    ['paused', ['resume', 'end']],
    ['completed', []],
    ['closed', []],
  ] as const)('%s → %j', (state, actions) => {
    expect(brandActionsFor(state)).toEqual(actions);
  });
});

describe('isStaleConflict', () => {
  const conflict = (details?: Record<string, unknown>) => ({
    code: 'CONFLICT' as const,
    message: 'x',
    requestId: 'r',
    ...(details ? { details } : {}),
  });
  test.each([
    ['a stale version', conflict({ expectedVersion: 3 }), true],
    ['a move the state no longer allows', conflict({ reason: 'INVALID_TRANSITION', state: 'published' }), true],
    ['a guard (not funded)', conflict({ reason: 'BUDGET_NOT_FUNDED', state: 'draft' }), false],
    ['a conflict without details', conflict(), false],
    [
      'another error',
      { code: 'NOT_FOUND' as const, message: 'x', requestId: 'r', details: { expectedVersion: 1 } },
      false,
    ],
  ])('%s → %s', (_label, error, expected) => {
    expect(isStaleConflict(error)).toBe(expected);
  });
});
