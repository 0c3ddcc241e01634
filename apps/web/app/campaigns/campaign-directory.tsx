'use client';

// The public directory: published campaigns, searchable and filterable, as cards; "Load more" follows the cursor.
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { PlatformChips, StateBadge } from '../../components/campaign-parts';
import { SelectField, TextField } from '../../components/form';
import { Button, EmptyState, ErrorAlert, LoadError, LoadingBlock, PageHeader } from '../../components/ui';
import { api, call, type ApiError } from '../../lib/api';
import {
  allCategories,
  allPlatforms,
  categoryLabels,
  describeSlots,
  metricLabels,
  platformLabels,
  type CampaignCategory,
  type PublicCampaignSummary,
  type SocialPlatform,
} from '../../lib/campaigns';
import { formatDate } from '../../lib/format';
import { SUPPORTED_CURRENCIES, parseAmount } from '../../lib/money';

const PAGE_SIZE = 24;

export type DirectoryFilters = {
  q: string;
  platform: string;
  category: string;
  country: string;
  currency: string;
  minRate: string;
  minBudgetLeft: string;
  sort: string;
};

const sorts = [
  { value: 'newest', label: 'Newest' },
  { value: 'rate', label: 'Highest rate' },
  { value: 'budget_left', label: 'Most budget left' },
] as const;
type Sort = (typeof sorts)[number]['value'];

type Query = {
  limit: number;
  q?: string;
  platform?: SocialPlatform;
  category?: CampaignCategory;
  country?: string;
  currency?: string;
  minRateMicros?: string;
  minBudgetLeftMicros?: string;
  sort: Sort;
};

/** The API query for the filters, or the field errors that stop it (an amount that is not a number…). */
function toQuery(f: DirectoryFilters): { ok: true; query: Query } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const query: Query = { limit: PAGE_SIZE, sort: sorts.some((s) => s.value === f.sort) ? (f.sort as Sort) : 'newest' };
  if (f.q.trim()) query.q = f.q.trim().slice(0, 100);
  if ((allPlatforms as string[]).includes(f.platform)) query.platform = f.platform as SocialPlatform;
  if ((allCategories as string[]).includes(f.category)) query.category = f.category as CampaignCategory;
  if (f.country.trim()) {
    const country = f.country.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(country)) query.country = country;
    else errors['country'] = 'Use a two-letter code such as US.';
  }
  if (SUPPORTED_CURRENCIES.includes(f.currency)) query.currency = f.currency;
  for (const [key, param] of [
    ['minRate', 'minRateMicros'],
    ['minBudgetLeft', 'minBudgetLeftMicros'],
  ] as const) {
    if (!f[key].trim()) continue;
    const parsed = parseAmount(f[key], { allowZero: true });
    if (parsed.ok) query[param] = parsed.micros.toString();
    else errors[key] = parsed.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}

function filtersToSearch(f: DirectoryFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) {
    if (value && !(key === 'sort' && value === 'newest')) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const emptyFilters: DirectoryFilters = {
  q: '',
  platform: '',
  category: '',
  country: '',
  currency: '',
  minRate: '',
  minBudgetLeft: '',
  sort: 'newest',
};

type Results =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; items: PublicCampaignSummary[]; nextCursor: string | null };

export function CampaignDirectory({ initial }: { initial: DirectoryFilters }) {
  const [draft, setDraft] = useState<DirectoryFilters>(initial);
  const [applied, setApplied] = useState<DirectoryFilters>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Results>({ status: 'loading' });
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const ticket = useRef(0);

  const load = useCallback(async (filters: DirectoryFilters) => {
    const built = toQuery(filters);
    const mine = ++ticket.current;
    if (!built.ok) {
      setFieldErrors(built.errors);
      return;
    }
    setFieldErrors({});
    setResults({ status: 'loading' });
    setMoreError(null);
    const result = await call(api.GET('/v1/campaigns', { params: { query: built.query } }));
    if (mine !== ticket.current) return;
    setResults(
      result.ok
        ? { status: 'ready', items: result.data.items, nextCursor: result.data.nextCursor }
        : { status: 'error', error: result.error },
    );
  }, []);

  useEffect(() => {
    void load(applied);
  }, [applied, load]);

  function apply(next: DirectoryFilters) {
    setDraft(next);
    setApplied(next);
    window.history.replaceState(null, '', `/campaigns${filtersToSearch(next)}`);
  }

  async function loadMore() {
    if (results.status !== 'ready' || !results.nextCursor) return;
    const built = toQuery(applied);
    if (!built.ok) return;
    const mine = ticket.current;
    setMoreBusy(true);
    setMoreError(null);
    const result = await call(
      api.GET('/v1/campaigns', { params: { query: { ...built.query, cursor: results.nextCursor } } }),
    );
    setMoreBusy(false);
    if (mine !== ticket.current) return;
    if (!result.ok) return setMoreError(result.error);
    setResults((current) =>
      current.status === 'ready'
        ? { status: 'ready', items: [...current.items, ...result.data.items], nextCursor: result.data.nextCursor }
        : current,
    );
  }

  const field = (key: keyof DirectoryFilters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const filtered = filtersToSearch(applied) !== '';

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Open campaigns from brands and creators. Post on the platforms a campaign allows, submit your links, and earn from the views you bring."
      />
      <form
        role="search"
        aria-label="Search campaigns"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          apply(draft);
        }}
        noValidate
        className="mb-8 rounded-lg border border-line bg-white p-4 shadow-sm"
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            id="directory-q"
            label="Search"
            type="search"
            placeholder="Words in the title"
            maxLength={100}
            className="sm:col-span-2"
            {...field('q')}
          />
          <SelectField id="directory-platform" label="Platform" {...field('platform')}>
            <option value="">Any platform</option>
            {allPlatforms.map((p) => (
              <option key={p} value={p}>
                {platformLabels[p]}
              </option>
            ))}
          </SelectField>
          <SelectField id="directory-category" label="Category" {...field('category')}>
            <option value="">Any category</option>
            {allCategories.map((c) => (
              <option key={c} value={c}>
                {categoryLabels[c]}
              </option>
            ))}
          </SelectField>
          <TextField
            id="directory-country"
            label="Country"
            placeholder="US"
            maxLength={2}
            autoComplete="off"
            spellCheck={false}
            error={fieldErrors['country']}
            {...field('country')}
          />
          <SelectField id="directory-currency" label="Currency" {...field('currency')}>
            <option value="">Any currency</option>
            {SUPPORTED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
          <TextField
            id="directory-min-rate"
            label="Minimum rate per 1,000"
            inputMode="decimal"
            placeholder="2.00"
            autoComplete="off"
            error={fieldErrors['minRate']}
            {...field('minRate')}
          />
          <TextField
            id="directory-min-budget"
            label="Minimum budget left"
            inputMode="decimal"
            placeholder="100"
            autoComplete="off"
            error={fieldErrors['minBudgetLeft']}
            {...field('minBudgetLeft')}
          />
          <SelectField id="directory-sort" label="Sort by" {...field('sort')}>
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <Button type="submit">Search</Button>
          {filtered ? (
            <Button variant="secondary" onClick={() => apply(emptyFilters)}>
              Clear filters
            </Button>
          ) : null}
          <p className="text-xs text-muted">
            Amounts are in each campaign’s own currency; pick one to compare like with like.
          </p>
        </div>
      </form>

      {results.status === 'loading' ? <LoadingBlock label="Finding campaigns…" /> : null}
      {results.status === 'error' ? <LoadError error={results.error} onRetry={() => void load(applied)} /> : null}
      {results.status === 'ready' && results.items.length === 0 ? (
        <EmptyState title={filtered ? 'No campaigns match your search' : 'No open campaigns yet'}>
          {filtered ? (
            <button type="button" className="font-medium text-brand-700 underline" onClick={() => apply(emptyFilters)}>
              Clear the filters
            </button>
          ) : (
            'Campaigns appear here once a brand funds one and a reviewer approves it.'
          )}
        </EmptyState>
      ) : null}
      {results.status === 'ready' && results.items.length > 0 ? (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="directory-results">
            {results.items.map((campaign) => (
              <li key={campaign.id}>
                <CampaignCard campaign={campaign} />
              </li>
            ))}
          </ul>
          <div className="mt-6 flex flex-col items-center gap-3">
            <ErrorAlert error={moreError} />
            {results.nextCursor ? (
              <Button variant="secondary" onClick={() => void loadMore()} busy={moreBusy} busyLabel="Loading…">
                Load more
              </Button>
            ) : (
              <p className="text-sm text-muted">
                {results.items.length === 1 ? 'That is the only match.' : `All ${results.items.length} shown.`}
              </p>
            )}
          </div>
        </>
      ) : null}
    </>
  );
}

function CampaignCard({ campaign }: { campaign: PublicCampaignSummary }) {
  const metric = metricLabels[campaign.metric].plural;
  const startsLater = campaign.startsAt !== null && Date.parse(campaign.startsAt) > Date.now();
  return (
    <article className="relative flex h-full flex-col rounded-lg border border-line bg-white p-5 shadow-sm hover:border-brand-600">
      <div className="flex items-start justify-between gap-3">
        <p className="truncate text-xs font-medium text-muted">{campaign.orgName}</p>
        {campaign.state !== 'published' ? <StateBadge state={campaign.state} /> : null}
      </div>
      <h2 className="mt-1 text-lg leading-snug font-semibold">
        {/* The whole card is the link (the ::after covers it); one link per card keeps the tab order short. */}
        <Link href={`/campaigns/${campaign.id}`} className="after:absolute after:inset-0 hover:text-brand-800">
          {campaign.title}
        </Link>
      </h2>
      <div className="mt-2">
        <PlatformChips platforms={campaign.platforms} />
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt className="text-xs text-muted">Per 1,000 {metric}</dt>
          <dd className="font-mono font-semibold tabular-nums">{campaign.ratePerThousand.display}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Budget left</dt>
          <dd className="font-mono font-semibold tabular-nums">{campaign.budgetLeft.display}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Slots</dt>
          <dd className="font-medium">{describeSlots(campaign.slotsLeft)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{startsLater ? 'Starts' : 'Ends'}</dt>
          <dd className="font-medium">
            {startsLater ? formatDate(campaign.startsAt) : campaign.endsAt ? formatDate(campaign.endsAt) : 'When spent'}
          </dd>
        </div>
      </dl>
      {campaign.category || campaign.countries.length > 0 ? (
        <p className="mt-auto pt-4 text-xs text-muted">
          {[campaign.category ? categoryLabels[campaign.category] : null, campaign.countries.slice(0, 6).join(', ')]
            .filter(Boolean)
            .join(' · ')}
          {campaign.countries.length > 6 ? ` +${campaign.countries.length - 6}` : ''}
        </p>
      ) : null}
    </article>
  );
}
