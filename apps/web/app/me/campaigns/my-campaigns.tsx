'use client';

// "My campaigns": every campaign the participant joined or applied to, newest first, with its state (and why),
// the tracking link to copy and how many posts were submitted.
import Link from 'next/link';
import { useState } from 'react';
import { SelectField } from '../../../components/form';
import {
  Badge,
  CopyButton,
  EmptyState,
  LoadError,
  LoadingBlock,
  PageHeader,
  Pager,
  buttonClasses,
  useCursorPager,
} from '../../../components/ui';
import { api, call, type ParticipationState } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { SUBMITTING_STATES, participationStateLabels } from '../../../lib/participation';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 20;
const stateFilters = Object.entries(participationStateLabels) as [
  ParticipationState,
  (typeof participationStateLabels)[ParticipationState],
][];

export function MyCampaigns() {
  const [filter, setFilter] = useState<ParticipationState | ''>('');
  const pager = useCursorPager();
  const query = {
    limit: PAGE_SIZE,
    ...(filter ? { state: filter } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/me/participations', { params: { query } })),
    `my-participations:${JSON.stringify(query)}`,
  );

  return (
    <>
      <PageHeader
        title="My campaigns"
        description="The campaigns you joined or applied to. Use each campaign's tracking link in your captions and bios."
      />
      <SelectField
        id="participation-filter"
        label="State"
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value as ParticipationState | '');
          pager.reset();
        }}
        className="mb-4 w-60"
      >
        <option value="">All</option>
        {stateFilters.map(([value, { label }]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      {state.status === 'loading' ? <LoadingBlock label="Loading your campaigns…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        filter ? (
          <EmptyState title="No campaigns in this state" />
        ) : (
          <EmptyState title="You have not joined a campaign yet">
            <p>Browse the open campaigns and join one that fits your audience.</p>
            <Link href="/campaigns" className={`${buttonClasses('primary')} mt-4`}>
              Browse campaigns
            </Link>
          </EmptyState>
        )
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <ul className="space-y-4" data-testid="my-participations">
          {state.data.items.map((p) => {
            const label = participationStateLabels[p.state];
            const canPost = SUBMITTING_STATES.includes(p.state);
            return (
              <li
                key={p.id}
                className="rounded-lg border border-line bg-white p-5 shadow-sm"
                data-testid="my-participation"
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <h2 className="text-lg font-semibold">
                      <Link href={`/campaigns/${p.campaign.id}`} className="text-ink hover:text-brand-700">
                        {p.campaign.title}
                      </Link>
                    </h2>
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
                      <Badge tone={label.tone}>{label.label}</Badge>
                      <span>Joined {formatDate(p.createdAt)}</span>
                      <span>
                        · {p.submissionCount} post{p.submissionCount === 1 ? '' : 's'} submitted
                        {p.maxSubmissions !== null ? ` of ${p.maxSubmissions}` : ''}
                      </span>
                    </p>
                    {p.stateReason ? <p className="mt-1 text-sm text-red-700">Reason: {p.stateReason}</p> : null}
                  </div>
                  <Link
                    href={`/me/campaigns/${p.id}`}
                    className={buttonClasses(canPost ? 'primary' : 'secondary', 'sm')}
                    aria-label={`${canPost ? 'Submit a post to' : 'Open'} ${p.campaign.title}`}
                  >
                    {canPost ? 'Submit a post' : 'Open'}
                  </Link>
                </div>
                {p.state !== 'applied' && p.state !== 'rejected' && p.state !== 'withdrawn' ? (
                  <div className="mt-4 flex flex-wrap items-center gap-3">
                    <span className="min-w-0 flex-1 rounded-md bg-canvas px-3 py-2 font-mono text-xs break-all">
                      {p.trackingLink}
                    </span>
                    <CopyButton text={p.trackingLink} label="Copy link" />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Campaign pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
        />
      ) : null}
    </>
  );
}
