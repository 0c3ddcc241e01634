'use client';

// The participants' side of a brand's campaign page: applications (approve or reject, needed in manual mode) and the
// posts they submitted (reject with a reason). Both lists are queues that can grow: filtered and paginated.
import Link from 'next/link';
import { useState } from 'react';
import { SelectField } from '../../../../../components/form';
import { ReasonDialog } from '../../../../../components/reason-dialog';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Pager,
  Section,
  buttonClasses,
  useCursorPager,
} from '../../../../../components/ui';
import {
  api,
  call,
  type ApiError,
  type CampaignParticipation,
  type CampaignSubmission,
  type ParticipationState,
} from '../../../../../lib/api';
import { platformLabels, type Campaign } from '../../../../../lib/campaigns';
import { formatDateTime } from '../../../../../lib/format';
import { useLoad } from '../../../../../lib/use-load';

const PAGE_SIZE = 20;

/** The participation endpoints come with their own module; a server without it answers ROUTE_NOT_FOUND. */
function ParticipationUnavailable({ what }: { what: string }) {
  return (
    <Alert tone="info" title={`${what} are not available on this server yet`}>
      This server does not run the participation service. They appear here once it does.
    </Alert>
  );
}

const participationStates: { value: ParticipationState | ''; label: string }[] = [
  { value: 'applied', label: 'Waiting for a decision' },
  { value: 'approved', label: 'Approved' },
  { value: 'active', label: 'Active (posted)' },
  { value: 'completed', label: 'Completed' },
  { value: 'paid', label: 'Paid' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'withdrawn', label: 'Withdrawn' },
  { value: '', label: 'All' },
];

const participationTone: Record<ParticipationState, 'neutral' | 'brand' | 'warning' | 'danger' | 'success'> = {
  applied: 'warning',
  approved: 'brand',
  active: 'success',
  completed: 'brand',
  paid: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
};

export function ApplicationsSection({
  orgId,
  campaign,
  canManage,
}: {
  orgId: string;
  campaign: Campaign;
  canManage: boolean;
}) {
  const [filter, setFilter] = useState<ParticipationState | ''>(campaign.approvalMode === 'manual' ? 'applied' : '');
  const pager = useCursorPager();
  const query = {
    limit: PAGE_SIZE,
    ...(filter ? { state: filter } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const path = { orgId, campaignId: campaign.id };
  const { state, setData, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}/participations', { params: { path, query } })),
    `participations:${campaign.id}:${JSON.stringify(query)}`,
  );
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [rejecting, setRejecting] = useState<CampaignParticipation | null>(null);

  const replace = (next: CampaignParticipation) =>
    setData((data) => ({ ...data, items: data.items.map((p) => (p.id === next.id ? next : p)) }));

  async function approve(participation: CampaignParticipation) {
    setBusyId(participation.id);
    setError(null);
    const result = await call(
      api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/participations/{participationId}/approve', {
        params: { path: { ...path, participationId: participation.id } },
      }),
    );
    setBusyId(null);
    if (!result.ok) return setError(result.error);
    replace(result.data);
  }

  async function reject(reason: string): Promise<ApiError | null> {
    if (!rejecting) return null;
    const result = await call(
      api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/participations/{participationId}/reject', {
        params: { path: { ...path, participationId: rejecting.id } },
        body: { reason },
      }),
    );
    if (!result.ok) return result.error;
    replace(result.data);
    return null;
  }

  const unavailable = state.status === 'error' && state.error.code === 'ROUTE_NOT_FOUND';
  return (
    <Section
      id="applications"
      title="Applications and participants"
      description={
        campaign.approvalMode === 'manual'
          ? 'You approve each application; an approved participant takes a slot.'
          : campaign.approvalMode === 'allowlist'
            ? 'Listed emails join at once; others cannot apply.'
            : 'Eligible applicants join at once while slots last. You can still reject a participant before their first post is accepted.'
      }
    >
      {unavailable ? (
        <ParticipationUnavailable what="Applications" />
      ) : (
        <>
          <SelectField
            id="participation-filter"
            label="Show"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as ParticipationState | '');
              pager.reset();
            }}
            className="mb-4 w-60"
          >
            {participationStates.map((s) => (
              <option key={s.label} value={s.value}>
                {s.label}
              </option>
            ))}
          </SelectField>
          <ErrorAlert error={error} className="mb-4" />
          {state.status === 'loading' ? <LoadingBlock label="Loading applications…" /> : null}
          {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
          {state.status === 'ready' && state.data.items.length === 0 ? (
            <EmptyState title={filter === 'applied' ? 'No applications waiting' : 'No participants here yet'}>
              {campaign.state === 'published'
                ? 'Participants find the campaign in the public directory.'
                : 'Participants can apply once the campaign is published.'}
            </EmptyState>
          ) : null}
          {state.status === 'ready' && state.data.items.length > 0 ? (
            <ul className="divide-y divide-line" data-testid="participations">
              {state.data.items.map((p) => (
                <li
                  key={p.id}
                  className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-3"
                >
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{p.participant.displayName}</p>
                    <p className="mt-0.5 text-xs text-muted">
                      {p.socialAccounts.length > 0
                        ? p.socialAccounts
                            .map((a) => `${platformLabels[a.platform]} @${a.handle}${a.verified ? ' ✓' : ''}`)
                            .join(' · ')
                        : 'No social account left'}
                    </p>
                    <p className="mt-0.5 text-xs text-muted">
                      Applied {formatDateTime(p.createdAt)} · {p.submissionCount}
                      {p.maxSubmissions !== null ? ` of ${p.maxSubmissions}` : ''} post
                      {p.submissionCount === 1 ? '' : 's'}
                    </p>
                    {p.stateReason ? <p className="mt-1 text-xs text-red-700">Reason: {p.stateReason}</p> : null}
                  </div>
                  <div className="flex flex-wrap items-center gap-2 sm:shrink-0 sm:justify-end">
                    <Badge tone={participationTone[p.state]}>{p.state}</Badge>
                    {canManage && p.state === 'applied' ? (
                      <Button size="sm" onClick={() => void approve(p)} busy={busyId === p.id}>
                        Approve
                      </Button>
                    ) : null}
                    {canManage && (p.state === 'applied' || p.state === 'approved') ? (
                      <Button variant="danger" size="sm" onClick={() => setRejecting(p)}>
                        Reject
                      </Button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
          {state.status === 'ready' ? (
            <Pager
              label="Application pages"
              page={pager.page}
              hasPrevious={pager.hasPrevious}
              hasNext={state.data.nextCursor !== null}
              onPrevious={pager.previous}
              onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
            />
          ) : null}
        </>
      )}
      <ReasonDialog
        open={rejecting !== null}
        title={`Reject ${rejecting?.participant.displayName ?? 'this participant'}?`}
        description="They are told why. Their slot, if they held one, becomes free."
        confirmLabel="Reject"
        onConfirm={reject}
        onClose={() => setRejecting(null)}
        testId="reject-participation"
      />
    </Section>
  );
}

const submissionStatuses = [
  { value: '', label: 'All' },
  { value: 'pending_verification', label: 'Pending verification' },
  { value: 'tracking', label: 'Tracking' },
  { value: 'rejected', label: 'Rejected' },
] as const;
type SubmissionFilter = (typeof submissionStatuses)[number]['value'];

const submissionTone = { pending_verification: 'warning', tracking: 'success', rejected: 'danger' } as const;
const submissionLabel = { pending_verification: 'pending verification', tracking: 'tracking', rejected: 'rejected' };

/** Only https links to the platforms are made clickable (the API rebuilds them from the parsed post id). */
const safeHttps = (url: string) => (/^https:\/\/[^\s]+$/.test(url) ? url : null);

export function SubmissionsSection({
  orgId,
  campaign,
  canManage,
}: {
  orgId: string;
  campaign: Campaign;
  canManage: boolean;
}) {
  const [filter, setFilter] = useState<SubmissionFilter>('');
  const pager = useCursorPager();
  const query = {
    limit: PAGE_SIZE,
    ...(filter ? { status: filter } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const path = { orgId, campaignId: campaign.id };
  const { state, setData, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}/submissions', { params: { path, query } })),
    `submissions:${campaign.id}:${JSON.stringify(query)}`,
  );
  const [rejecting, setRejecting] = useState<CampaignSubmission | null>(null);

  async function reject(reason: string): Promise<ApiError | null> {
    if (!rejecting) return null;
    const result = await call(
      api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/submissions/{submissionId}/reject', {
        params: { path: { ...path, submissionId: rejecting.id } },
        body: { reason },
      }),
    );
    if (!result.ok) return result.error;
    setData((data) => ({ ...data, items: data.items.map((s) => (s.id === result.data.id ? result.data : s)) }));
    return null;
  }

  const unavailable = state.status === 'error' && state.error.code === 'ROUTE_NOT_FOUND';
  return (
    <Section
      id="submissions"
      title="Submitted posts"
      description="Newest first. Each post can earn only once on the platform."
    >
      {unavailable ? (
        <ParticipationUnavailable what="Submitted posts" />
      ) : (
        <>
          <SelectField
            id="submission-filter"
            label="Status"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as SubmissionFilter);
              pager.reset();
            }}
            className="mb-4 w-60"
          >
            {submissionStatuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </SelectField>
          {state.status === 'loading' ? <LoadingBlock label="Loading posts…" /> : null}
          {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
          {state.status === 'ready' && state.data.items.length === 0 ? (
            <EmptyState title={filter ? 'No posts with this status' : 'No posts submitted yet'} />
          ) : null}
          {state.status === 'ready' && state.data.items.length > 0 ? (
            <ul className="divide-y divide-line" data-testid="submissions">
              {state.data.items.map((s) => {
                const href = safeHttps(s.canonicalUrl);
                return (
                  <li key={s.id} className="py-3">
                    <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-3">
                      <div className="min-w-0 flex-1">
                        <p className="font-medium">
                          {s.participant.displayName}{' '}
                          <span className="font-normal text-muted">on {platformLabels[s.platform]}</span>
                        </p>
                        {href ? (
                          <a
                            href={href}
                            target="_blank"
                            rel="noopener noreferrer nofollow"
                            className="block truncate font-mono text-xs text-brand-700 underline"
                          >
                            {s.canonicalUrl}
                          </a>
                        ) : (
                          <p className="truncate font-mono text-xs">{s.canonicalUrl}</p>
                        )}
                        <p className="mt-0.5 text-xs text-muted">Submitted {formatDateTime(s.createdAt)}</p>
                        {s.statusReason ? <p className="mt-1 text-xs text-muted">{s.statusReason}</p> : null}
                        {s.note ? <p className="mt-1 text-sm whitespace-pre-line">“{s.note}”</p> : null}
                        {s.evidence.length > 0 ? (
                          <ul className="mt-2 flex flex-wrap gap-2" aria-label="Screenshots">
                            {s.evidence.map((e, index) => (
                              <li key={e.id}>
                                <a href={e.url} target="_blank" rel="noopener noreferrer">
                                  {/* Same-origin screenshots, re-encoded as WebP by the API. */}
                                  <img
                                    src={e.url}
                                    alt={`Screenshot ${index + 1} from ${s.participant.displayName}`}
                                    className="h-16 w-16 rounded border border-line object-cover"
                                    loading="lazy"
                                  />
                                </a>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </div>
                      <div className="flex items-center gap-2 sm:shrink-0">
                        <Badge tone={submissionTone[s.status]}>{submissionLabel[s.status]}</Badge>
                        <Link
                          href={`/orgs/${orgId}/campaigns/${campaign.id}/submissions/${s.id}/earnings`}
                          className={buttonClasses('ghost', 'sm')}
                          data-testid="submission-earnings-link"
                        >
                          Earnings
                        </Link>
                        {canManage && s.status !== 'rejected' ? (
                          <Button variant="danger" size="sm" onClick={() => setRejecting(s)}>
                            Reject
                          </Button>
                        ) : null}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {state.status === 'ready' ? (
            <Pager
              label="Post pages"
              page={pager.page}
              hasPrevious={pager.hasPrevious}
              hasNext={state.data.nextCursor !== null}
              onPrevious={pager.previous}
              onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
            />
          ) : null}
        </>
      )}
      <ReasonDialog
        open={rejecting !== null}
        title="Reject this post?"
        description="The participant is told why, and the post no longer counts toward their limit of posts."
        confirmLabel="Reject post"
        onConfirm={reject}
        onClose={() => setRejecting(null)}
        testId="reject-submission"
      />
    </Section>
  );
}
