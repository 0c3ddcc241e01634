'use client';

// The campaign wizard: one form in five sections (basics, money, rules, dates, brief) used to create a draft and
// to edit one. Amounts are typed as decimals and sent as micro-unit strings (exact, see lib/money.ts); dates are
// typed in the browser's zone and sent as ISO instants. The few checks made here only save a round trip: the API
// checks everything again and its field errors are shown beside the fields they name.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { BriefEditor } from '../../../../components/brief';
import { CheckboxField, SelectField, TextAreaField, TextField, useFormErrors } from '../../../../components/form';
import { Alert, Button, ErrorAlert, buttonClasses } from '../../../../components/ui';
import { api, call } from '../../../../lib/api';
import {
  CAMPAIGN_FIELDS,
  buildCampaignBody,
  splitList,
  type CampaignField,
  type CampaignFormValues,
} from '../../../../lib/campaign-form-values';
import {
  allCategories,
  allPlatforms,
  approvalModeLabels,
  categoryLabels,
  metricLabels,
  platformLabels,
  type ApprovalMode,
  type Campaign,
  type CampaignCategory,
  type CampaignMetric,
} from '../../../../lib/campaigns';
import { describeTimeZone } from '../../../../lib/datetime';
import { SUPPORTED_CURRENCIES, formatMicros, parseAmount } from '../../../../lib/money';

const sections = [
  { id: 'basics', title: 'Basics' },
  { id: 'money', title: 'Money' },
  { id: 'rules', title: 'Rules' },
  { id: 'dates', title: 'Dates' },
  { id: 'brief', title: 'Brief' },
] as const;

const sectionFields: Record<(typeof sections)[number]['id'], readonly CampaignField[]> = {
  basics: [
    'title',
    'platforms',
    'metric',
    'targeting.category',
    'targeting.countries',
    'targeting.languages',
    'targeting.minFollowers',
  ],
  money: [
    'currency',
    'ratePerThousandMicros',
    'budgetMicros',
    'perPostCapMicros',
    'perParticipantCapMicros',
    'minimumViews',
    'pacing.dailyCapMicros',
    'pacing.hourlyCapMicros',
  ],
  rules: [
    'requirements.hashtags',
    'requirements.mentions',
    'requirements.linkInCaption',
    'requirements.disclosure',
    'destinationUrl',
    'maxSlots',
    'maxSubmissionsPerParticipant',
    'approvalMode',
    'allowlist',
    'holdDays',
  ],
  dates: ['startsAt', 'endsAt'],
  brief: ['brief'],
};

const fieldId = (field: CampaignField) => `campaign-${field.replace(/\./g, '-')}`;

export function CampaignForm({
  orgId,
  initial,
  campaign,
}: {
  orgId: string;
  initial: CampaignFormValues;
  /** The draft being edited; absent when creating one. */
  campaign?: Campaign;
}) {
  const router = useRouter();
  const [values, setValues] = useState<CampaignFormValues>(initial);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const { formRef, fieldErrors, formError, showError, showFieldErrors } = useFormErrors(CAMPAIGN_FIELDS, {
    nested: true,
  });
  const zone = useMemo(() => describeTimeZone(), []);

  const set = <K extends keyof CampaignFormValues>(key: K, value: CampaignFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const text = (key: keyof CampaignFormValues) => ({
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
  });
  const err = (field: CampaignField) => fieldErrors[field];
  const metric = metricLabels[values.metric].plural;
  const cur = values.currency;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStale(false);
    const built = buildCampaignBody(values);
    if (!built.ok) return showFieldErrors(built.errors as Record<string, string>);
    setBusy(true);
    const result = campaign
      ? await call(
          api.PATCH('/v1/orgs/{orgId}/campaigns/{campaignId}', {
            params: { path: { orgId, campaignId: campaign.id } },
            body: { ...built.body, expectedVersion: campaign.version },
          }),
        )
      : await call(api.POST('/v1/orgs/{orgId}/campaigns', { params: { path: { orgId } }, body: built.body }));
    if (!result.ok) {
      setBusy(false);
      if (campaign && result.error.code === 'CONFLICT') setStale(true);
      return showError(result.error);
    }
    router.push(`/orgs/${orgId}/campaigns/${result.data.id}${campaign ? '?saved=1' : '?created=1'}`);
  }

  const sectionHasError = (id: keyof typeof sectionFields) => sectionFields[id].some((field) => fieldErrors[field]);

  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="campaign-form">
      <div className="grid gap-8 lg:grid-cols-[11rem_minmax(0,1fr)]">
        <nav aria-label="Campaign form sections" className="hidden lg:block">
          <ol className="sticky top-6 space-y-1 text-sm">
            {sections.map((section, index) => (
              <li key={section.id}>
                <a
                  href={`#section-${section.id}`}
                  className="flex items-center gap-2 rounded-md px-3 py-2 font-medium text-muted hover:bg-white hover:text-brand-700"
                >
                  <span
                    aria-hidden="true"
                    className={`flex h-6 w-6 items-center justify-center rounded-full text-xs font-bold ${
                      sectionHasError(section.id) ? 'bg-red-100 text-red-800' : 'bg-brand-100 text-brand-800'
                    }`}
                  >
                    {sectionHasError(section.id) ? '!' : index + 1}
                  </span>
                  {section.title}
                  {sectionHasError(section.id) ? <span className="sr-only"> (has errors)</span> : null}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="min-w-0 space-y-6">
          <ErrorAlert error={formError} />
          {stale ? (
            <Alert tone="warning" title="Someone changed this draft while you were editing">
              <p>Reload to see their changes, then edit again. Your changes here are not saved.</p>
              <button type="button" className="mt-2 font-semibold underline" onClick={() => window.location.reload()}>
                Reload the draft
              </button>
            </Alert>
          ) : null}

          <FormSection id="basics" step={1} title="Basics" description="What the campaign is and who it is for.">
            <TextField
              id={fieldId('title')}
              label="Title"
              maxLength={120}
              required
              {...text('title')}
              error={err('title')}
              hint="3 to 120 characters, shown in the directory."
            />
            <fieldset aria-describedby={err('platforms') ? `${fieldId('platforms')}-error` : undefined}>
              <legend className="text-sm font-medium text-ink">Platforms</legend>
              <div className="mt-2 flex flex-wrap gap-3">
                {allPlatforms.map((platform) => {
                  const checked = values.platforms.includes(platform);
                  return (
                    <label
                      key={platform}
                      className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${
                        checked ? 'border-brand-600 bg-brand-50 text-brand-900' : 'border-slate-300 bg-white'
                      }`}
                    >
                      <input
                        type="checkbox"
                        name="platforms"
                        value={platform}
                        checked={checked}
                        aria-invalid={err('platforms') ? true : undefined}
                        onChange={(e) =>
                          set(
                            'platforms',
                            e.target.checked
                              ? allPlatforms.filter((p) => p === platform || values.platforms.includes(p))
                              : values.platforms.filter((p) => p !== platform),
                          )
                        }
                        className="h-4 w-4 accent-brand-700"
                      />
                      {platformLabels[platform]}
                    </label>
                  );
                })}
              </div>
              <InlineError id={`${fieldId('platforms')}-error`} error={err('platforms')} />
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                id={fieldId('metric')}
                label="Pay for"
                value={values.metric}
                onChange={(e) => set('metric', e.target.value as CampaignMetric)}
                error={err('metric')}
                hint={
                  values.metric === 'clicks'
                    ? 'Unique clicks on each participant’s tracking link.'
                    : 'Views the platforms report for each post.'
                }
              >
                <option value="views">{metricLabels.views.label}</option>
                <option value="clicks">{metricLabels.clicks.label}</option>
              </SelectField>
              <SelectField
                id={fieldId('targeting.category')}
                label="Category"
                value={values.category}
                onChange={(e) => set('category', e.target.value as CampaignCategory | '')}
                error={err('targeting.category')}
              >
                <option value="">No category</option>
                {allCategories.map((category) => (
                  <option key={category} value={category}>
                    {categoryLabels[category]}
                  </option>
                ))}
              </SelectField>
              <TextField
                id={fieldId('targeting.countries')}
                label="Countries (optional)"
                placeholder="US, GB, DE"
                autoComplete="off"
                spellCheck={false}
                {...text('countries')}
                error={err('targeting.countries')}
                hint="Two-letter codes, separated by commas. Empty: anywhere."
              />
              <TextField
                id={fieldId('targeting.languages')}
                label="Languages (optional)"
                placeholder="en, es"
                autoComplete="off"
                spellCheck={false}
                {...text('languages')}
                error={err('targeting.languages')}
                hint="Two-letter codes. Empty: any language."
              />
              <TextField
                id={fieldId('targeting.minFollowers')}
                label="Minimum followers (optional)"
                inputMode="numeric"
                placeholder="0"
                {...text('minFollowers')}
                error={err('targeting.minFollowers')}
              />
            </div>
          </FormSection>

          <FormSection
            id="money"
            step={2}
            title="Money"
            description="The rate participants earn and the limits that protect your budget. Amounts in the campaign’s currency, e.g. 12.50."
          >
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                id={fieldId('currency')}
                label="Currency"
                value={values.currency}
                onChange={(e) => set('currency', e.target.value)}
                error={err('currency')}
                disabled={campaign !== undefined && campaign.budget.funded.micros !== '0'}
                hint={
                  campaign !== undefined && campaign.budget.funded.micros !== '0'
                    ? 'Fixed once the budget has been funded.'
                    : undefined
                }
              >
                {SUPPORTED_CURRENCIES.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </SelectField>
              <MoneyField
                id={fieldId('ratePerThousandMicros')}
                label={`Rate per 1,000 ${metric}`}
                currency={cur}
                required
                {...text('rate')}
                error={err('ratePerThousandMicros')}
              />
              <MoneyField
                id={fieldId('budgetMicros')}
                label="Budget"
                currency={cur}
                required
                {...text('budget')}
                error={err('budgetMicros')}
                hint="What participants can earn in total. You fund it from the draft’s page, where the platform fee is shown before you pay."
              />
              <MoneyField
                id={fieldId('perPostCapMicros')}
                label="Cap per post (optional)"
                currency={cur}
                {...text('perPostCap')}
                error={err('perPostCapMicros')}
                hint="The most one post can earn."
              />
              <MoneyField
                id={fieldId('perParticipantCapMicros')}
                label="Cap per participant (optional)"
                currency={cur}
                {...text('perParticipantCap')}
                error={err('perParticipantCapMicros')}
                hint="The most one participant can earn across their posts."
              />
              <TextField
                id={fieldId('minimumViews')}
                label={`Minimum ${metric} per post (optional)`}
                inputMode="numeric"
                placeholder="0"
                {...text('minimumViews')}
                error={err('minimumViews')}
                hint={`A post earns nothing until it reaches this many ${metric}.`}
              />
              <MoneyField
                id={fieldId('pacing.dailyCapMicros')}
                label="Daily spend cap (optional)"
                currency={cur}
                {...text('dailyCap')}
                error={err('pacing.dailyCapMicros')}
                hint="Pacing: what a day could not pay is paid later, while budget remains."
              />
              <MoneyField
                id={fieldId('pacing.hourlyCapMicros')}
                label="Hourly spend cap (optional)"
                currency={cur}
                {...text('hourlyCap')}
                error={err('pacing.hourlyCapMicros')}
              />
            </div>
            <EarningsExample rate={values.rate} budget={values.budget} currency={cur} metric={metric} />
          </FormSection>

          <FormSection id="rules" step={3} title="Rules" description="What each post must contain, and who may join.">
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                id={fieldId('requirements.hashtags')}
                label="Required hashtags (optional)"
                placeholder="#summerdrop #brand"
                autoComplete="off"
                spellCheck={false}
                {...text('hashtags')}
                error={err('requirements.hashtags')}
                hint="Separated by spaces; the # is added if you leave it out."
              />
              <TextField
                id={fieldId('requirements.mentions')}
                label="Required mentions (optional)"
                placeholder="@brand"
                autoComplete="off"
                spellCheck={false}
                {...text('mentions')}
                error={err('requirements.mentions')}
              />
              <TextField
                id={fieldId('requirements.disclosure')}
                label="Ad disclosure (optional)"
                placeholder="#ad"
                maxLength={40}
                {...text('disclosure')}
                error={err('requirements.disclosure')}
                hint="What posts must carry to mark them as ads, such as #ad or “Paid partnership”."
              />
              <TextField
                id={fieldId('destinationUrl')}
                label="Destination URL (optional)"
                type="url"
                placeholder="https://example.com/summer"
                autoComplete="off"
                spellCheck={false}
                maxLength={2048}
                {...text('destinationUrl')}
                error={err('destinationUrl')}
                hint="Where tracking links send people. https only."
              />
              <CheckboxField
                id={fieldId('requirements.linkInCaption')}
                className="sm:col-span-2"
                label="Posts must include the participant’s tracking link in the caption"
                checked={values.linkInCaption}
                onChange={(e) => set('linkInCaption', e.target.checked)}
                error={err('requirements.linkInCaption')}
              />
              <TextField
                id={fieldId('maxSlots')}
                label="Slots (optional)"
                inputMode="numeric"
                placeholder="No limit"
                {...text('maxSlots')}
                error={err('maxSlots')}
                hint="The most participants at once."
              />
              <TextField
                id={fieldId('maxSubmissionsPerParticipant')}
                label="Posts per participant (optional)"
                inputMode="numeric"
                placeholder="No limit"
                {...text('maxSubmissions')}
                error={err('maxSubmissionsPerParticipant')}
              />
              <TextField
                id={fieldId('holdDays')}
                label="Hold period (days)"
                inputMode="numeric"
                {...text('holdDays')}
                error={err('holdDays')}
                hint="Earnings wait this long before they can be paid out (0 to 365), time to catch fraud."
              />
            </div>
            <fieldset>
              <legend className="text-sm font-medium text-ink">Who can join</legend>
              <div className="mt-2 grid gap-3 sm:grid-cols-3">
                {(Object.keys(approvalModeLabels) as ApprovalMode[]).map((mode) => (
                  <label
                    key={mode}
                    className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm ${
                      values.approvalMode === mode ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-white'
                    }`}
                  >
                    <input
                      type="radio"
                      name="approvalMode"
                      value={mode}
                      checked={values.approvalMode === mode}
                      onChange={() => set('approvalMode', mode)}
                      className="mt-0.5 h-4 w-4 accent-brand-700"
                    />
                    <span>
                      <span className="block font-medium">{approvalModeLabels[mode].label}</span>
                      <span className="block text-xs text-muted">{approvalModeLabels[mode].body}</span>
                    </span>
                  </label>
                ))}
              </div>
              <InlineError id={`${fieldId('approvalMode')}-error`} error={err('approvalMode')} />
            </fieldset>
            {values.approvalMode === 'allowlist' ? (
              <TextAreaField
                id={fieldId('allowlist')}
                label="Allowlisted emails"
                rows={4}
                placeholder={'ana@example.com\nben@example.com'}
                spellCheck={false}
                {...text('allowlist')}
                error={err('allowlist')}
                hint={`One per line (or separated by commas). ${splitList(values.allowlist).length} listed.`}
              />
            ) : null}
          </FormSection>

          <FormSection
            id="dates"
            step={4}
            title="Dates"
            description={
              <>
                Times are in your time zone, <strong className="font-medium text-ink">{zone}</strong>. A campaign needs
                a start date before it can go to review.
              </>
            }
          >
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                id={fieldId('startsAt')}
                label="Starts"
                type="datetime-local"
                {...text('startsAt')}
                error={err('startsAt')}
                hint={zone}
              />
              <TextField
                id={fieldId('endsAt')}
                label="Ends (optional)"
                type="datetime-local"
                {...text('endsAt')}
                error={err('endsAt')}
                hint="Empty: it runs until the budget is spent."
              />
            </div>
          </FormSection>

          <FormSection
            id="brief"
            step={5}
            title="Brief"
            description="Tell participants what to make. The preview is rendered by the server exactly as it will be shown."
          >
            <BriefEditor
              id={fieldId('brief')}
              value={values.brief}
              onChange={(brief) => set('brief', brief)}
              error={err('brief')}
            />
          </FormSection>

          <div className="flex flex-wrap items-center gap-3 border-t border-line pt-6">
            <Button
              type="submit"
              busy={busy}
              busyLabel={campaign ? 'Saving…' : 'Creating…'}
              data-testid="campaign-submit"
            >
              {campaign ? 'Save draft' : 'Create draft'}
            </Button>
            <Link
              href={campaign ? `/orgs/${orgId}/campaigns/${campaign.id}` : `/orgs/${orgId}/campaigns`}
              className={buttonClasses('secondary')}
            >
              Cancel
            </Link>
            <p className="text-sm text-muted">
              {campaign
                ? 'Only drafts can be edited.'
                : 'Nothing is charged now: you fund the budget from the draft’s page, then send it to review.'}
            </p>
          </div>
        </div>
      </div>
    </form>
  );
}

function FormSection({
  id,
  step,
  title,
  description,
  children,
}: {
  id: string;
  step: number;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      id={`section-${id}`}
      aria-labelledby={`section-${id}-heading`}
      className="rounded-lg border border-line bg-white p-6 shadow-sm"
    >
      <p className="text-xs font-semibold tracking-wider text-brand-700 uppercase">Step {step} of 5</p>
      <h2 id={`section-${id}-heading`} className="mt-1 text-lg font-semibold">
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-muted">{description}</div> : null}
      <div className="mt-5 space-y-5">{children}</div>
    </section>
  );
}

function InlineError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="mt-1 flex gap-1 text-sm text-red-700">
      <span aria-hidden="true">⚠</span>
      {error}
    </p>
  );
}

function MoneyField({
  currency,
  label,
  ...props
}: Omit<Parameters<typeof TextField>[0], 'label'> & { label: string; currency: string }) {
  return (
    <TextField
      label={
        <>
          {label} <span className="font-normal text-muted">({currency})</span>
        </>
      }
      inputMode="decimal"
      autoComplete="off"
      placeholder="0.00"
      {...props}
    />
  );
}

/** "10,000 views earn USD 20.00; the budget pays for about 250,000 views." Exact bigint arithmetic. */
function EarningsExample({
  rate,
  budget,
  currency,
  metric,
}: {
  rate: string;
  budget: string;
  currency: string;
  metric: string;
}) {
  const parsedRate = parseAmount(rate);
  if (!parsedRate.ok) return null;
  const parsedBudget = parseAmount(budget);
  const per10k = (parsedRate.micros * 10_000n) / 1000n;
  const covers = parsedBudget.ok ? (parsedBudget.micros * 1000n) / parsedRate.micros : null;
  return (
    <p className="rounded-md bg-brand-50 px-4 py-3 text-sm text-brand-900" data-testid="earnings-example">
      At this rate, 10,000 {metric} earn <strong>{formatMicros(per10k, currency)}</strong>
      {covers !== null ? (
        <>
          ; the budget pays for about <strong>{covers.toLocaleString()}</strong> {metric}
        </>
      ) : null}
      .
    </p>
  );
}
