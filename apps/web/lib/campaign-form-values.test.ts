import { describe, expect, test } from 'vitest';
import { buildCampaignBody, campaignToForm, emptyCampaignForm, type CampaignFormValues } from './campaign-form-values';
import type { Campaign } from './campaigns';

const filled: CampaignFormValues = {
  ...emptyCampaignForm,
  title: '  Summer launch clips ',
  platforms: ['youtube', 'tiktok'],
  category: 'food',
  countries: 'us, gb',
  languages: 'EN',
  currency: 'USD',
  rate: '2.50',
  budget: '1,000',
  perPostCap: '100',
  perParticipantCap: '250.5',
  minimumViews: '1000',
  dailyCap: '200',
  hourlyCap: '20',
  hashtags: 'summer #drop',
  mentions: 'brand, @brand_two',
  linkInCaption: true,
  disclosure: ' #ad ',
  destinationUrl: ' https://example.com/summer ',
  maxSlots: '50',
  maxSubmissions: '3',
  holdDays: '14',
  startsAt: '2031-05-01T09:30',
  endsAt: '2031-06-01T09:30',
  brief: '## Hello',
};

describe('buildCampaignBody', () => {
  test('turns typed text into the API body: exact micros, normalised lists, ISO dates', () => {
    const built = buildCampaignBody(filled);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.body).toEqual({
      title: 'Summer launch clips',
      brief: '## Hello',
      platforms: ['youtube', 'tiktok'],
      metric: 'views',
      currency: 'USD',
      ratePerThousandMicros: '2500000',
      budgetMicros: '1000000000',
      perPostCapMicros: '100000000',
      perParticipantCapMicros: '250500000',
      minimumViews: 1000,
      maxSlots: 50,
      maxSubmissionsPerParticipant: 3,
      targeting: { countries: ['US', 'GB'], languages: ['en'], category: 'food', minFollowers: 0 },
      requirements: {
        hashtags: ['#summer', '#drop'],
        mentions: ['@brand', '@brand_two'],
        linkInCaption: true,
        disclosure: '#ad',
      },
      destinationUrl: 'https://example.com/summer',
      startsAt: new Date(2031, 4, 1, 9, 30).toISOString(),
      endsAt: new Date(2031, 5, 1, 9, 30).toISOString(),
      holdDays: 14,
      approvalMode: 'auto',
      allowlist: [],
      pacing: { dailyCapMicros: '200000000', hourlyCapMicros: '20000000' },
    });
  });

  test('optional fields left empty become null or their defaults', () => {
    const built = buildCampaignBody({ ...emptyCampaignForm, title: 'Tiny', platforms: ['x'], rate: '1', budget: '10' });
    expect(built.ok && built.body).toMatchObject({
      perPostCapMicros: null,
      perParticipantCapMicros: null,
      maxSlots: null,
      maxSubmissionsPerParticipant: null,
      minimumViews: 0,
      holdDays: 7,
      startsAt: null,
      endsAt: null,
      destinationUrl: null,
      pacing: { dailyCapMicros: null, hourlyCapMicros: null },
    });
  });

  test('the allowlist is sent only in allowlist mode, lower-cased', () => {
    const built = buildCampaignBody({
      ...filled,
      approvalMode: 'allowlist',
      allowlist: 'Ana@Example.com\nben@example.com, cy@example.com',
    });
    expect(built.ok && built.body.allowlist).toEqual(['ana@example.com', 'ben@example.com', 'cy@example.com']);
    const auto = buildCampaignBody({ ...filled, allowlist: 'ana@example.com' });
    expect(auto.ok && auto.body.allowlist).toEqual([]);
  });

  test.each<[string, Partial<CampaignFormValues>, Record<string, string>]>([
    [
      'a short title and no platform',
      { title: 'ab', platforms: [] },
      {
        title: 'Give the campaign a title of at least 3 characters.',
        platforms: 'Choose at least one platform.',
      },
    ],
    [
      'amounts that are not numbers',
      { rate: 'two', budget: '' },
      {
        ratePerThousandMicros: 'Enter a number such as 12.50.',
        budgetMicros: 'Enter an amount.',
      },
    ],
    ['a budget below the minor unit', { budget: '10.005' }, { budgetMicros: 'Use at most 2 decimal places in USD.' }],
    [
      'a cap above the budget',
      { budget: '50', perPostCap: '60', perParticipantCap: '', dailyCap: '', hourlyCap: '' },
      {
        perPostCapMicros: 'The per-post cap (USD 60.00) is above the budget (USD 50.00).',
      },
    ],
    [
      'a per-post cap above the per-participant cap',
      { perPostCap: '300' },
      {
        perPostCapMicros: 'The per-post cap is above the per-participant cap.',
      },
    ],
    [
      'an hourly cap above the daily cap',
      { hourlyCap: '300' },
      {
        'pacing.hourlyCapMicros': 'The hourly cap is above the daily cap.',
      },
    ],
    ['the end before the start', { endsAt: '2031-04-01T09:30' }, { endsAt: 'End after the start.' }],
    ['a date that does not exist', { startsAt: '2031-02-30T09:30' }, { startsAt: 'Enter a date and time.' }],
    [
      'whole numbers that are not',
      { maxSlots: '2.5', holdDays: 'x', minimumViews: '-1' },
      {
        maxSlots: 'Enter a whole number, such as 10.',
        holdDays: 'Enter a whole number, such as 10.',
        minimumViews: 'Enter a whole number, such as 10.',
      },
    ],
    ['zero slots', { maxSlots: '0' }, { maxSlots: 'Allow at least 1 slot, or leave it empty for no limit.' }],
    ['a hold period over a year', { holdDays: '400' }, { holdDays: 'The hold period can be at most 365 days.' }],
    [
      'bad country and language codes',
      { countries: 'USA', languages: 'english' },
      {
        'targeting.countries': 'Use two-letter country codes such as US, GB, DE.',
        'targeting.languages': 'Use two-letter language codes such as en, es, fr.',
      },
    ],
    [
      'allowlist mode without emails',
      { approvalMode: 'allowlist', allowlist: ' ' },
      {
        allowlist: 'List at least one email address, or choose another approval mode.',
      },
    ],
  ])('refuses %s, naming the fields', (_label, change, errors) => {
    const built = buildCampaignBody({ ...filled, ...change });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors).toEqual(errors);
  });
});

describe('campaignToForm', () => {
  test('a stored draft becomes form values that build the same settings again', () => {
    const first = buildCampaignBody({ ...filled, approvalMode: 'allowlist', allowlist: 'ana@example.com' });
    if (!first.ok) throw new Error('fixture invalid');
    const body = first.body;
    const money = (micros: string | null) =>
      micros === null ? null : { currency: 'USD', micros, display: `$${Number(micros) / 1e6}` };
    const campaign = {
      id: '0190a000-0000-7000-8000-000000000001',
      orgId: '0190a000-0000-7000-8000-000000000002',
      title: body.title,
      briefMarkdown: body.brief,
      briefHtml: '<h2>Hello</h2>',
      state: 'draft',
      version: 3,
      stateReason: null,
      platforms: body.platforms,
      metric: 'views',
      currency: 'USD',
      ratePerThousand: money(body.ratePerThousandMicros)!,
      perPostCap: money(body.perPostCapMicros),
      perParticipantCap: money(body.perParticipantCapMicros),
      minimumViews: body.minimumViews,
      maxSlots: body.maxSlots,
      slotsLeft: body.maxSlots,
      maxSubmissionsPerParticipant: body.maxSubmissionsPerParticipant,
      targeting: body.targeting!,
      requirements: body.requirements!,
      destinationUrl: body.destinationUrl,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      holdDays: body.holdDays,
      approvalMode: 'allowlist',
      allowlist: body.allowlist,
      pacing: { dailyCap: money(body.pacing!.dailyCapMicros), hourlyCap: money(body.pacing!.hourlyCapMicros) },
      assets: [],
      budget: {
        planned: money(body.budgetMicros)!,
        funded: money('0')!,
        fees: money('0')!,
        remaining: money('0')!,
        spent: money('0')!,
      },
      createdAt: '2031-01-01T00:00:00.000Z',
      updatedAt: '2031-01-01T00:00:00.000Z',
      submittedAt: null,
      publishedAt: null,
    } satisfies Campaign;
    const again = buildCampaignBody(campaignToForm(campaign));
    expect(again).toEqual({ ok: true, body });
  });
});
