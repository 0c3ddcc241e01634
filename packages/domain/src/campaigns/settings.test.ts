import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CampaignError } from './errors.js';
import {
  CAMPAIGN_SETTINGS_FIELDS,
  validateCampaignSettings,
  type CampaignSettingsField,
  type CampaignSettingsInput,
  type CampaignSettingsOptions,
  type SettingsProblemCode,
} from './settings.js';

const USD = (units: number): bigint => BigInt(Math.round(units * 1_000_000));
const NOW = new Date('2026-11-26T15:30:00Z');

/** Consistent settings: every case below changes only what it tests. */
const VALID: CampaignSettingsInput = {
  currency: 'USD',
  budgetMicros: USD(500),
  ratePerThousandMicros: USD(2),
  perPostCapMicros: USD(100),
  perParticipantCapMicros: USD(250),
  pacing: { dailyCapMicros: USD(50), hourlyCapMicros: USD(5) },
  startsAt: new Date('2026-12-01T00:00:00Z'),
  endsAt: new Date('2026-12-31T00:00:00Z'),
  holdDays: 7,
  minimumViews: 1000,
  maxSlots: 20,
};

test('the valid settings have no problems', () => {
  expect(validateCampaignSettings(VALID, { now: NOW })).toEqual([]);
});

test('optional settings may all be absent', () => {
  expect(
    validateCampaignSettings({
      currency: 'JPY',
      budgetMicros: 10_000_000_000n,
      ratePerThousandMicros: 1n,
      holdDays: 0,
    }),
  ).toEqual([]);
});

type Case = [
  string,
  Partial<CampaignSettingsInput>,
  CampaignSettingsField,
  SettingsProblemCode,
  string?,
  CampaignSettingsOptions?,
];

describe('each rule', () => {
  test.each<Case>([
    [
      'unknown currency',
      { currency: 'XXX' },
      'currency',
      'UNSUPPORTED_CURRENCY',
      '"XXX" is not a supported currency: use an ISO 4217 code such as USD or EUR.',
    ],
    ['lower-case currency is not the stored form', { currency: 'usd' }, 'currency', 'UNSUPPORTED_CURRENCY'],
    ['zero budget', { budgetMicros: 0n }, 'budgetMicros', 'NOT_POSITIVE', 'The budget must be more than zero.'],
    ['negative budget', { budgetMicros: -1n }, 'budgetMicros', 'NOT_POSITIVE'],
    ['budget beyond int8', { budgetMicros: 2n ** 63n }, 'budgetMicros', 'TOO_LARGE'],
    [
      'budget with a fraction of a cent',
      { budgetMicros: 500_005_000n },
      'budgetMicros',
      'NOT_WHOLE_MINOR_UNITS',
      'The budget (USD 500.005) can have at most 2 decimal places in USD.',
    ],
    [
      'JPY budget with decimals',
      { currency: 'JPY', budgetMicros: 500_500_000n, ratePerThousandMicros: 1n },
      'budgetMicros',
      'NOT_WHOLE_MINOR_UNITS',
      'The budget (JPY 500.5) must be a whole number of JPY.',
    ],
    [
      'budget below the platform minimum',
      { budgetMicros: USD(500) },
      'budgetMicros',
      'BELOW_MINIMUM',
      'The budget (USD 500.00) is below the minimum of USD 1000.00.',
      { minimumBudgetMicros: USD(1000) },
    ],
    [
      'rate of zero',
      { ratePerThousandMicros: 0n },
      'ratePerThousandMicros',
      'NOT_POSITIVE',
      'The rate per 1,000 must be more than zero.',
    ],
    [
      'rate above the budget',
      { ratePerThousandMicros: USD(600) },
      'ratePerThousandMicros',
      'ABOVE_BUDGET',
      'The rate per 1,000 (USD 600.00) is above the budget (USD 500.00).',
    ],
    [
      'per-post cap above the budget',
      { perPostCapMicros: USD(600), perParticipantCapMicros: null },
      'perPostCapMicros',
      'ABOVE_BUDGET',
      'The per-post cap (USD 600.00) is above the budget (USD 500.00).',
    ],
    ['per-post cap of zero', { perPostCapMicros: 0n }, 'perPostCapMicros', 'NOT_POSITIVE'],
    [
      'per-participant cap above the budget',
      { perParticipantCapMicros: USD(500.01) },
      'perParticipantCapMicros',
      'ABOVE_BUDGET',
      'The per-participant cap (USD 500.01) is above the budget (USD 500.00).',
    ],
    [
      'per-post cap above the per-participant cap',
      { perPostCapMicros: USD(300) },
      'perPostCapMicros',
      'ABOVE_PARTICIPANT_CAP',
      'The per-post cap (USD 300.00) is above the per-participant cap (USD 250.00).',
    ],
    [
      'daily cap above the budget',
      { pacing: { dailyCapMicros: USD(501), hourlyCapMicros: null } },
      'pacing.dailyCapMicros',
      'ABOVE_BUDGET',
      'The daily spend cap (USD 501.00) is above the budget (USD 500.00).',
    ],
    [
      'hourly cap above the daily cap',
      { pacing: { dailyCapMicros: USD(50), hourlyCapMicros: USD(60) } },
      'pacing.hourlyCapMicros',
      'ABOVE_DAILY_CAP',
      'The hourly spend cap (USD 60.00) is above the daily spend cap (USD 50.00).',
    ],
    [
      'hourly cap above the budget with no daily cap',
      { pacing: { hourlyCapMicros: USD(900) } },
      'pacing.hourlyCapMicros',
      'ABOVE_BUDGET',
    ],
    ['a zero daily cap', { pacing: { dailyCapMicros: 0n } }, 'pacing.dailyCapMicros', 'NOT_POSITIVE'],
    [
      'end before start',
      { endsAt: new Date('2026-11-30T00:00:00Z') },
      'endsAt',
      'END_NOT_AFTER_START',
      'The end date (30 Nov 2026, 00:00 UTC) must be after the start date (1 Dec 2026, 00:00 UTC).',
    ],
    ['end equal to start', { endsAt: new Date('2026-12-01T00:00:00Z') }, 'endsAt', 'END_NOT_AFTER_START'],
    [
      'start in the past',
      { startsAt: new Date('2026-11-26T15:29:00Z') },
      'startsAt',
      'IN_THE_PAST',
      'The start date (26 Nov 2026, 15:29 UTC) is in the past.',
      { now: NOW },
    ],
    [
      'end in the past, no start',
      { startsAt: null, endsAt: new Date('2026-11-01T00:00:00Z') },
      'endsAt',
      'IN_THE_PAST',
      'The end date (1 Nov 2026, 00:00 UTC) is in the past.',
      { now: NOW },
    ],
    [
      'hold days above 365',
      { holdDays: 366 },
      'holdDays',
      'OUT_OF_RANGE',
      'The hold period must be a whole number of days from 0 to 365.',
    ],
    ['negative hold days', { holdDays: -1 }, 'holdDays', 'OUT_OF_RANGE'],
    ['fractional hold days', { holdDays: 1.5 }, 'holdDays', 'OUT_OF_RANGE'],
    ['NaN hold days', { holdDays: Number.NaN }, 'holdDays', 'OUT_OF_RANGE'],
    [
      'negative minimum views',
      { minimumViews: -1 },
      'minimumViews',
      'NEGATIVE',
      'The minimum views a post needs cannot be negative.',
    ],
    ['fractional minimum views', { minimumViews: 0.5 }, 'minimumViews', 'OUT_OF_RANGE'],
    ['zero slots', { maxSlots: 0 }, 'maxSlots', 'NOT_POSITIVE', 'A campaign needs at least 1 slot.'],
    ['fractional slots', { maxSlots: 2.5 }, 'maxSlots', 'OUT_OF_RANGE'],
  ])('%s', (_name, over, field, code, message, options) => {
    const problems = validateCampaignSettings({ ...VALID, ...over }, options ?? {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, code });
    if (message !== undefined) expect(problems[0]?.message).toBe(message);
  });
});

describe('boundaries that are fine', () => {
  test.each<[string, Partial<CampaignSettingsInput>, CampaignSettingsOptions?]>([
    ['caps equal to the budget', { perPostCapMicros: USD(500), perParticipantCapMicros: USD(500) }],
    ['per-post cap equal to the per-participant cap', { perPostCapMicros: USD(250) }],
    ['rate equal to the budget', { ratePerThousandMicros: USD(500) }],
    ['a sub-cent rate', { ratePerThousandMicros: 1_500n }],
    ['hourly equal to daily', { pacing: { dailyCapMicros: USD(50), hourlyCapMicros: USD(50) } }],
    ['daily equal to the budget', { pacing: { dailyCapMicros: USD(500) } }],
    ['hold days 0 and 365', { holdDays: 365 }],
    ['start exactly now', { startsAt: NOW }, { now: NOW }],
    ['a start in the past is fine without now (a live campaign)', { startsAt: new Date('2020-01-01T00:00:00Z') }],
    ['no dates', { startsAt: null, endsAt: null }, { now: NOW }],
    ['minimum views 0', { minimumViews: 0 }],
    ['unlimited slots', { maxSlots: null }],
    ['budget at the minimum', { budgetMicros: USD(500) }, { minimumBudgetMicros: USD(500) }],
    [
      'a KWD budget in fils',
      {
        currency: 'KWD',
        budgetMicros: 1_250_000n,
        ratePerThousandMicros: 1n,
        perPostCapMicros: null,
        perParticipantCapMicros: null,
        pacing: {},
      },
    ],
  ])('%s', (_name, over, options) => {
    expect(validateCampaignSettings({ ...VALID, ...over }, options ?? {})).toEqual([]);
  });
});

describe('several problems at once', () => {
  test('one problem per field, in field order, most fundamental first', () => {
    const problems = validateCampaignSettings(
      {
        ...VALID,
        ratePerThousandMicros: 0n,
        perPostCapMicros: USD(600), // above the budget and above the per-participant cap: reported once
        perParticipantCapMicros: USD(550),
        pacing: { dailyCapMicros: USD(10), hourlyCapMicros: USD(20) },
        startsAt: new Date('2026-11-01T00:00:00Z'),
        endsAt: new Date('2026-10-01T00:00:00Z'), // before the start and in the past: reported once
        holdDays: 400,
        minimumViews: -5,
        maxSlots: 0,
      },
      { now: NOW },
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['ratePerThousandMicros', 'NOT_POSITIVE'],
      ['perPostCapMicros', 'ABOVE_BUDGET'],
      ['perParticipantCapMicros', 'ABOVE_BUDGET'],
      ['pacing.hourlyCapMicros', 'ABOVE_DAILY_CAP'],
      ['startsAt', 'IN_THE_PAST'],
      ['endsAt', 'END_NOT_AFTER_START'],
      ['holdDays', 'OUT_OF_RANGE'],
      ['minimumViews', 'NEGATIVE'],
      ['maxSlots', 'NOT_POSITIVE'],
    ]);
  });

  test('a bad budget does not light up every cap', () => {
    const problems = validateCampaignSettings({ ...VALID, budgetMicros: 0n });
    expect(problems.map((p) => p.field)).toEqual(['budgetMicros']);
  });

  test('an unknown currency still checks amounts, shown without a currency', () => {
    const problems = validateCampaignSettings({ ...VALID, currency: 'ABC', perPostCapMicros: USD(600) });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'currency' }),
      { field: 'perPostCapMicros', code: 'ABOVE_BUDGET', message: 'The per-post cap (600) is above the budget (500).' },
    ]);
  });
});

describe('wrong types are bugs in the caller', () => {
  test.each<[string, Partial<CampaignSettingsInput>, CampaignSettingsOptions?]>([
    ['a number budget', { budgetMicros: 500 as unknown as bigint }],
    ['a number cap', { perPostCapMicros: 5 as unknown as bigint }],
    ['a string hold', { holdDays: '7' as unknown as number }],
    ['an invalid date', { startsAt: new Date(Number.NaN) }],
    ['an invalid now', {}, { now: new Date(Number.NaN) }],
    ['a negative minimum budget option', {}, { minimumBudgetMicros: -1n }],
  ])('%s', (_name, over, options) => {
    expect(() => validateCampaignSettings({ ...VALID, ...over }, options ?? {})).toThrow(CampaignError);
  });
});

test('property: problems name known fields, at most once each; consistent settings have none', () => {
  const amount = fc.bigInt({ min: -5n, max: 10n ** 10n });
  const optionalAmount = fc.option(amount, { nil: null });
  const date = fc.option(
    fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
    { nil: null },
  );
  fc.assert(
    fc.property(
      fc.record({
        currency: fc.constantFrom('USD', 'JPY', 'KWD', 'XXX'),
        budgetMicros: amount,
        ratePerThousandMicros: amount,
        perPostCapMicros: optionalAmount,
        perParticipantCapMicros: optionalAmount,
        pacing: fc.record({ dailyCapMicros: optionalAmount, hourlyCapMicros: optionalAmount }),
        startsAt: date,
        endsAt: date,
        holdDays: fc.integer({ min: -2, max: 400 }),
        minimumViews: fc.integer({ min: -2, max: 10 }),
        maxSlots: fc.option(fc.integer({ min: -1, max: 5 }), { nil: null }),
      }),
      (input) => {
        const problems = validateCampaignSettings(input, { now: NOW });
        const fields = problems.map((p) => p.field);
        expect(new Set(fields).size).toBe(fields.length);
        expect(fields).toEqual(CAMPAIGN_SETTINGS_FIELDS.filter((f) => fields.includes(f)));
        for (const p of problems) expect(p.message).toMatch(/^[A-Z"].*\.$/);
        // Independently restated rules: with none broken, nothing is reported.
        const b = input.budgetMicros;
        const per = 10n ** BigInt(6 - ({ USD: 2, JPY: 0, KWD: 3, XXX: 2 } as const)[input.currency]);
        const positiveUnder = (v: bigint | null) => v === null || (v > 0n && v <= b);
        const consistent =
          input.currency !== 'XXX' &&
          b > 0n &&
          b % per === 0n &&
          positiveUnder(input.ratePerThousandMicros) &&
          positiveUnder(input.perPostCapMicros) &&
          positiveUnder(input.perParticipantCapMicros) &&
          positiveUnder(input.pacing.dailyCapMicros) &&
          positiveUnder(input.pacing.hourlyCapMicros) &&
          (input.perPostCapMicros === null ||
            input.perParticipantCapMicros === null ||
            input.perPostCapMicros <= input.perParticipantCapMicros) &&
          (input.pacing.hourlyCapMicros === null ||
            input.pacing.dailyCapMicros === null ||
            input.pacing.hourlyCapMicros <= input.pacing.dailyCapMicros) &&
          (input.startsAt === null || input.startsAt >= NOW) &&
          (input.endsAt === null || input.endsAt > NOW) &&
          (input.startsAt === null || input.endsAt === null || input.endsAt > input.startsAt) &&
          input.holdDays >= 0 &&
          input.holdDays <= 365 &&
          input.minimumViews >= 0 &&
          (input.maxSlots === null || input.maxSlots >= 1);
        expect(problems.length === 0).toBe(consistent);
      },
    ),
  );
});
