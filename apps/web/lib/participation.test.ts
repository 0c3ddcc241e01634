import { describe, expect, test } from 'vitest';
import type { ApiError } from './api';
import {
  describeEarnings,
  formatCount,
  latestHoldEnd,
  submissionUrlError,
  sumByCurrency,
  type EarningsTransfer,
  type SubmissionEarnings,
} from './participation';

const usd = (micros: string, display: string) => ({ currency: 'USD', micros, display });

function transfer(over: Partial<EarningsTransfer>): EarningsTransfer {
  return {
    kind: 'accrue',
    sequence: 0,
    idempotencyKey: 'earnings:s:0',
    amount: usd('146700000', '$146.70'),
    createdAt: '2026-11-26T10:00:00.000Z',
    effectiveAt: '2026-11-26T10:00:00.000Z',
    holdEndsAt: '2026-12-03T10:00:00.000Z',
    clawbackReason: null,
    fromPending: null,
    fromAvailable: null,
    metricTotal: '48900',
    owed: usd('146700000', '$146.70'),
    snapshotId: 'snap',
    ...over,
  };
}

function earnings(over: Partial<SubmissionEarnings> = {}): SubmissionEarnings {
  return {
    submission: {
      id: 's',
      campaignId: 'c',
      participationId: 'p',
      status: 'tracking',
      platform: 'youtube',
      url: 'https://www.youtube.com/shorts/aqz-KE-bpKQ',
    },
    campaign: {
      id: 'c',
      title: 'Summer Drop',
      state: 'published',
      metric: 'views',
      currency: 'USD',
      ratePerThousand: usd('3000000', '$3.00'),
      minimumMetric: '1000',
      perPostCap: usd('150000000', '$150.00'),
      perParticipantCap: null,
      dailyCap: null,
      hourlyCap: null,
      holdDays: 7,
    },
    snapshots: { items: [], total: 0 },
    posted: usd('146700000', '$146.70'),
    derivation: {
      accruing: true,
      owed: usd('146700000', '$146.70'),
      posted: usd('146700000', '$146.70'),
      nextAccrual: usd('0', '$0.00'),
      unpaid: usd('0', '$0.00'),
      nextClawback: usd('0', '$0.00'),
      clampedBy: [],
      steps: [
        { step: 'snapshot', metricTotal: '48900', snapshotId: 'snap', observedAt: '2026-11-26T10:00:00.000Z' },
        {
          step: 'rate',
          metric: '48900',
          ratePerThousand: usd('3000000', '$3.00'),
          formula: usd('146700000', '$146.70'),
        },
        { step: 'minimum_metric', minimumMetric: '1000', metric: '48900', met: true },
        {
          step: 'post_cap',
          cap: usd('150000000', '$150.00'),
          ceiling: usd('150000000', '$150.00'),
          applied: false,
          result: usd('146700000', '$146.70'),
        },
      ],
    },
    transfers: [transfer({})],
    ...over,
  };
}

const now = new Date('2026-11-27T00:00:00.000Z');

describe('describeEarnings', () => {
  test('states the rate arithmetic and the hold from the API figures', () => {
    const text = describeEarnings(earnings(), now);
    expect(text).toMatch(/^48,900 views × \$3\.00 per 1,000 = \$146\.70\. \$146\.70 posted, on hold until /);
    expect(text).not.toMatch(/capped/);
  });

  test('names a cap that lowered the amount, and deductions', () => {
    const base = earnings();
    const steps = [
      base.derivation!.steps[0]!,
      { step: 'deduction' as const, reason: 'bot traffic', metric: '900' },
      {
        step: 'rate' as const,
        metric: '60000',
        ratePerThousand: usd('3000000', '$3.00'),
        formula: usd('180000000', '$180.00'),
      },
      {
        step: 'post_cap' as const,
        cap: usd('150000000', '$150.00'),
        ceiling: usd('150000000', '$150.00'),
        applied: true,
        result: usd('150000000', '$150.00'),
      },
    ];
    const text = describeEarnings({ ...base, derivation: { ...base.derivation!, steps } }, now);
    expect(text).toContain(
      '48,900 views − 900 judged invalid (bot traffic) = 60,000 views × $3.00 per 1,000 = $180.00',
    );
    expect(text).toContain('; capped at $150.00 per post.');
  });

  test('says when nothing was observed and no hold is ahead', () => {
    const text = describeEarnings(earnings({ derivation: null, transfers: [], posted: usd('0', '$0.00') }), now);
    expect(text).toBe('No views observed yet: the post earns from its first observation. $0.00 posted.');
  });

  test('a minimum not met is explained', () => {
    const base = earnings();
    const steps = [
      { step: 'snapshot' as const, metricTotal: '500', snapshotId: null, observedAt: null },
      { step: 'minimum_metric' as const, minimumMetric: '1000', metric: '500', met: false },
    ];
    const text = describeEarnings({ ...base, derivation: { ...base.derivation!, steps }, transfers: [] }, now);
    expect(text).toContain('500 views is below the campaign’s minimum of 1,000, so nothing is owed yet');
  });
});

describe('latestHoldEnd', () => {
  test('takes the latest future hold end of accruals only', () => {
    const list = [
      transfer({ holdEndsAt: '2026-12-01T00:00:00.000Z' }),
      transfer({ holdEndsAt: '2026-12-05T00:00:00.000Z' }),
      transfer({ kind: 'clawback', holdEndsAt: '2026-12-09T00:00:00.000Z' }),
      transfer({ holdEndsAt: '2026-11-20T00:00:00.000Z' }),
    ];
    expect(latestHoldEnd(list, now)).toBe('2026-12-05T00:00:00.000Z');
    expect(latestHoldEnd([transfer({ holdEndsAt: '2026-11-20T00:00:00.000Z' })], now)).toBeNull();
  });
});

describe('submissionUrlError', () => {
  const error = (over: Partial<ApiError>): ApiError => ({
    code: 'VALIDATION_FAILED',
    message: 'The request is invalid.',
    requestId: 'r',
    ...over,
  });
  test.each([
    [
      error({ code: 'ALREADY_SUBMITTED', message: 'You already submitted this post.' }),
      'You already submitted this post.',
    ],
    [
      error({ code: 'SUBMISSION_LIMIT_REACHED', message: 'You reached this campaign’s limit of 2 posts.' }),
      'You reached this campaign’s limit of 2 posts.',
    ],
    [error({ details: { issues: [{ path: 'body.url', message: 'This is not a link.' }] } }), 'This is not a link.'],
    [
      error({
        details: {
          issues: [{ path: 'body.url', message: 'is an X post, and this campaign takes posts from YouTube only' }],
        },
      }),
      'This link is an X post, and this campaign takes posts from YouTube only',
    ],
    [error({ details: { issues: [{ path: 'body.note', message: 'must be at most 500 characters' }] } }), null],
    [error({ code: 'CONFLICT', message: 'The campaign is paused.' }), null],
  ])('%#', (input, expected) => {
    expect(submissionUrlError(input)).toBe(expected);
  });
});

test('formatCount groups exactly, beyond float precision', () => {
  expect(formatCount('48900')).toBe('48,900');
  expect(formatCount('9223372036854775807')).toBe('9,223,372,036,854,775,807');
  expect(formatCount('0')).toBe('0');
});

test('sumByCurrency adds micros with BigInt per currency', () => {
  expect(
    sumByCurrency([usd('100000001', ''), { currency: 'EUR', micros: '5', display: '' }, usd('9007199254740993', '')]),
  ).toEqual([
    { currency: 'EUR', micros: 5n },
    { currency: 'USD', micros: 9007199354740994n },
  ]);
});
