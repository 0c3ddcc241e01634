'use client';

// My earnings: what I can be paid now (available, per currency) and what is on its way (in transit), then each
// campaign's earnings: earned, still pending and why, released. Amounts are the API's display strings; the only
// sum made here (total earned) adds micros with BigInt.
import Link from 'next/link';
import {
  Badge,
  EmptyState,
  LoadError,
  LoadingBlock,
  PageHeader,
  Pager,
  Section,
  buttonClasses,
  useCursorPager,
} from '../../../components/ui';
import { api, call } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { formatMicros } from '../../../lib/money';
import { sumByCurrency, type ParticipationEarnings } from '../../../lib/participation';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 20;

export function MyEarnings() {
  return (
    <>
      <PageHeader
        title="Earnings"
        description="Earnings are held for each campaign's hold period, then released to your available balance."
      />
      <div className="space-y-6">
        <Balances />
        <EarningsList />
      </div>
    </>
  );
}

function Balances() {
  const { state, reload } = useLoad(() => call(api.GET('/v1/me/balances')), 'my-balances');
  return (
    <Section
      id="balances"
      title="Balance"
      description="Released earnings, ready to be paid out, and payouts on their way."
    >
      {state.status === 'loading' ? <LoadingBlock label="Loading your balance…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <p className="text-sm text-muted" data-testid="balances-empty">
          Nothing available yet: earnings appear here once their hold ends.
        </p>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <dl className="grid gap-4 sm:grid-cols-2" data-testid="balances">
          {state.data.items.map((b) => (
            <div key={b.currency} className="contents">
              <div className="rounded-md bg-canvas p-4">
                <dt className="text-sm text-muted">Available ({b.currency})</dt>
                <dd className="mt-1 font-mono text-2xl font-semibold tabular-nums">{b.available.display}</dd>
              </div>
              <div className="rounded-md bg-canvas p-4">
                <dt className="text-sm text-muted">In transit ({b.currency})</dt>
                <dd className="mt-1 font-mono text-2xl font-semibold tabular-nums">{b.inTransit.display}</dd>
              </div>
            </div>
          ))}
        </dl>
      ) : null}
    </Section>
  );
}

function EarningsList() {
  const pager = useCursorPager();
  const query = { limit: PAGE_SIZE, ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/me/earnings', { params: { query } })),
    `my-earnings:${JSON.stringify(query)}`,
  );
  const onePage = state.status === 'ready' && !pager.hasPrevious && state.data.nextCursor === null;
  const totals = state.status === 'ready' ? sumByCurrency(state.data.items.map((e) => e.earned)) : [];

  return (
    <Section
      id="earnings"
      title="By campaign"
      description="Newest first."
      actions={
        totals.length > 0 ? (
          <div className="text-right" data-testid="total-earned">
            <p className="text-xs text-muted">{onePage ? 'Total earned' : 'Earned on this page'}</p>
            {totals.map((t) => (
              <p key={t.currency} className="font-mono text-lg font-semibold tabular-nums">
                {formatMicros(t.micros, t.currency)}
              </p>
            ))}
          </div>
        ) : null
      }
    >
      {state.status === 'loading' ? <LoadingBlock label="Loading your earnings…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title="No earnings yet">
          <p>Join a campaign and submit a post: its views earn you money at the campaign's rate.</p>
          <Link href="/campaigns" className={`${buttonClasses('primary')} mt-4`}>
            Browse campaigns
          </Link>
        </EmptyState>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <ul className="divide-y divide-line" data-testid="my-earnings">
          {state.data.items.map((e) => (
            <EarningsItem key={e.participationId} earnings={e} />
          ))}
        </ul>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Earnings pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
        />
      ) : null}
    </Section>
  );
}

function EarningsItem({ earnings: e }: { earnings: ParticipationEarnings }) {
  const figures = [
    { label: 'Earned', value: e.earned.display, hint: 'Posted for your posts, minus anything taken back.' },
    { label: 'Pending', value: e.pending.display, hint: 'Held until the hold ends.' },
    { label: 'Released', value: e.released.display, hint: 'Moved to your available balance.' },
  ];
  return (
    <li className="py-4" data-testid="earnings-item">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          <Link href={`/me/campaigns/${e.participationId}`} className="text-ink hover:text-brand-700">
            {e.campaign.title}
          </Link>
        </h3>
        <Link href="/me/submissions" className="text-sm text-brand-700 hover:underline">
          Posts and how they earn →
        </Link>
      </div>
      <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-3">
        {figures.map((f) => (
          <div key={f.label}>
            <dt className="text-muted">{f.label}</dt>
            <dd className="font-mono text-base font-semibold tabular-nums">{f.value}</dd>
            <dd className="text-xs text-muted">{f.hint}</dd>
          </div>
        ))}
      </dl>
      {e.pendingReasons.length > 0 ? (
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted">Pending because:</span>
          {e.pendingReasons.map((r) => (
            <Badge key={`${r.reason}-${r.until ?? ''}`} tone={r.reason === 'hold' ? 'brand' : 'warning'}>
              {r.label}
            </Badge>
          ))}
        </div>
      ) : null}
      {e.releases.length > 0 ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-brand-700">When the pending amount is released</summary>
          <ul className="mt-2 space-y-1">
            {e.releases.map((r) => (
              <li key={r.holdEndsAt} className="flex justify-between gap-4 rounded bg-canvas px-3 py-1.5">
                <span>{formatDate(r.holdEndsAt)}</span>
                <span className="font-mono tabular-nums">{r.amount.display}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : e.nextHoldEndsAt ? (
        <p className="mt-2 text-sm text-muted">Next release {formatDate(e.nextHoldEndsAt)}.</p>
      ) : null}
    </li>
  );
}
