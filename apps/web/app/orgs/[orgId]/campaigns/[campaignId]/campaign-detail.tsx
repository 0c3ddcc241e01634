'use client';

// A brand's campaign page: its state and what can be done next, its settings, brief and assets, the budget and its
// funding, and the participants' applications and posts. Every change sends the version it read; a 409 means the
// campaign moved on meanwhile (or a guard refused, e.g. not funded) and its message is shown as the API wrote it.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { BriefHtml } from '../../../../../components/brief';
import { CampaignSettingsSummary, PlatformChips, StateBadge } from '../../../../../components/campaign-parts';
import { useConfirm } from '../../../../../components/dialogs';
import {
  Alert,
  Button,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Section,
  buttonClasses,
} from '../../../../../components/ui';
import { api, call, type ApiError, type ApiResult } from '../../../../../lib/api';
import { brandActionsFor, isStaleConflict, type Campaign } from '../../../../../lib/campaigns';
import { formatDateTime } from '../../../../../lib/format';
import { useLoad } from '../../../../../lib/use-load';
import { OrgBreadcrumb, OrgCampaignShell, type OrgAccess } from '../org-campaign-shell';
import { AssetsSection } from './assets-section';
import { BudgetSection } from './budget-section';
import { ApplicationsSection, SubmissionsSection } from './participation-sections';

export function CampaignNotFound({ orgId }: { orgId: string }) {
  return (
    <div className="rounded-lg border border-line bg-white p-6">
      <h1 className="text-xl font-semibold">Campaign not found</h1>
      <p className="mt-2 text-muted">It does not exist, or it belongs to another organization.</p>
      <Link href={`/orgs/${orgId}/campaigns`} className={`${buttonClasses('secondary')} mt-4`}>
        All campaigns
      </Link>
    </div>
  );
}

export function CampaignDetail({
  orgId,
  campaignId,
  notice,
}: {
  orgId: string;
  campaignId: string;
  notice?: 'created' | 'saved' | null;
}) {
  // The wizard's ?created=1 / ?saved=1 is shown once: a reload or a shared link should not repeat it.
  useEffect(() => {
    if (notice) window.history.replaceState(null, '', window.location.pathname);
  }, [notice]);
  const { state, reload, setData } = useLoad<Campaign>(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}', { params: { path: { orgId, campaignId } } })),
    `campaign:${orgId}:${campaignId}`,
  );
  return (
    <OrgCampaignShell orgId={orgId}>
      {(access) => {
        if (state.status === 'loading') return <LoadingBlock label="Loading the campaign…" />;
        if (state.status === 'error') {
          if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') {
            return <CampaignNotFound orgId={access.org.id} />;
          }
          return <LoadError error={state.error} onRetry={() => void reload()} />;
        }
        return (
          <CampaignView
            access={access}
            campaign={state.data}
            notice={notice ?? null}
            onChange={(next) => setData(() => next)}
            reload={() => void reload()}
          />
        );
      }}
    </OrgCampaignShell>
  );
}

function CampaignView({
  access,
  campaign,
  notice,
  onChange,
  reload,
}: {
  access: OrgAccess;
  campaign: Campaign;
  notice: 'created' | 'saved' | null;
  onChange: (campaign: Campaign) => void;
  reload: () => void;
}) {
  const { org, canManage, canFund } = access;
  return (
    <>
      <OrgBreadcrumb org={org} trail={[{ href: `/orgs/${org.id}/campaigns`, label: 'Campaigns' }]} />
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl" data-testid="campaign-title">
              {campaign.title}
            </h1>
            <StateBadge state={campaign.state} />
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-muted">
            <PlatformChips platforms={campaign.platforms} />
            <span>
              {campaign.ratePerThousand.display} per 1,000 {campaign.metric}
            </span>
            <span>· updated {formatDateTime(campaign.updatedAt)}</span>
          </div>
        </div>
        {canManage ? (
          // Keyed by what the buttons depend on, so an old refusal ("fund it first") goes once the campaign changes.
          <LifecycleActions
            key={`${campaign.version}:${campaign.budget.funded.micros}`}
            orgId={org.id}
            campaign={campaign}
            onChange={onChange}
            reload={reload}
          />
        ) : null}
      </div>

      {notice === 'created' ? (
        <Alert tone="success" className="mb-6">
          Draft created.
        </Alert>
      ) : null}
      {notice === 'saved' ? (
        <Alert tone="success" className="mb-6">
          Your changes to the draft were saved.
        </Alert>
      ) : null}
      <StateExplanation campaign={campaign} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] lg:items-start">
        <div className="min-w-0 space-y-6">
          <Section id="settings" title="Settings">
            <CampaignSettingsSummary campaign={campaign} />
          </Section>
          <Section id="brief" title="Brief" description="As participants see it.">
            <BriefHtml html={campaign.briefHtml} testId="campaign-brief" empty="This campaign has no brief yet." />
          </Section>
          <AssetsSection orgId={org.id} campaign={campaign} canManage={canManage} onChange={onChange} />
          <ApplicationsSection orgId={org.id} campaign={campaign} canManage={canManage} />
          <SubmissionsSection orgId={org.id} campaign={campaign} canManage={canManage} />
        </div>
        <div className="min-w-0 space-y-6">
          <BudgetSection orgId={org.id} campaign={campaign} canFund={canFund} onFunded={reload} />
        </div>
      </div>
    </>
  );
}

const completionReasons: Record<string, string> = {
  manual: 'Your team ended it early.',
  budget_spent: 'The budget was spent.',
  ended: 'The end date passed.',
};

/** Where the campaign stands and why, including a reviewer's reason for sending it back. */
function StateExplanation({ campaign }: { campaign: Campaign }) {
  const reason = campaign.stateReason;
  const funded = campaign.budget.funded.micros !== '0';
  switch (campaign.state) {
    case 'draft':
      if (reason) {
        return (
          <Alert tone="warning" className="mb-6" title="A reviewer sent this campaign back" testId="state-reason">
            <p className="whitespace-pre-line">{reason}</p>
            <p className="mt-2">Edit the draft to address it, then send it to review again.</p>
          </Alert>
        );
      }
      return (
        <Alert tone="info" className="mb-6" title="Draft: only your organization sees it">
          <ul className="mt-1 space-y-1">
            <li>
              {funded ? '✓' : '○'} Budget funded{' '}
              {funded ? `(${campaign.budget.funded.display} to spend)` : '(use the funding form on this page)'}
            </li>
            <li>
              {campaign.startsAt ? '✓' : '○'} Start date {campaign.startsAt ? 'set' : 'missing (edit the draft)'}
            </li>
          </ul>
          <p className="mt-2">With both, send it to review: a reviewer publishes it or sends it back with a reason.</p>
        </Alert>
      );
    case 'reviewing':
      return (
        <Alert tone="info" className="mb-6" title="Waiting for review">
          Sent {formatDateTime(campaign.submittedAt)}. A reviewer will publish it or send it back to you with a reason.
        </Alert>
      );
    case 'published': {
      const scheduled = campaign.startsAt !== null && Date.parse(campaign.startsAt) > Date.now();
      return scheduled ? (
        <Alert tone="info" className="mb-6" title="Published, starting soon">
          It opens to participants on {formatDateTime(campaign.startsAt)}.
        </Alert>
      ) : null;
    }
    case 'paused':
      return (
        <Alert tone="warning" className="mb-6" title="Paused">
          No one can join or submit posts; posts already submitted are still tracked and earn.
          {reason ? <p className="mt-1">{reason}</p> : null}
        </Alert>
      );
    case 'completed':
      return (
        <Alert tone="info" className="mb-6" title="Completed">
          {reason ? (completionReasons[reason] ?? reason) : null} Earnings already made are paid after their hold; the
          unspent budget is refunded when the last hold releases.
        </Alert>
      );
    case 'closed':
      return (
        <Alert tone="info" className="mb-6" title="Closed">
          Every hold has released and the unspent budget was refunded.
        </Alert>
      );
  }
}

type Transition = 'submit' | 'pause' | 'resume' | 'end';

const transitionLabels: Record<Transition, { label: string; busy: string }> = {
  submit: { label: 'Submit for review', busy: 'Submitting…' },
  pause: { label: 'Pause', busy: 'Pausing…' },
  resume: { label: 'Resume', busy: 'Resuming…' },
  end: { label: 'End now', busy: 'Ending…' },
};

function LifecycleActions({
  orgId,
  campaign,
  onChange,
  reload,
}: {
  orgId: string;
  campaign: Campaign;
  onChange: (campaign: Campaign) => void;
  reload: () => void;
}) {
  const confirm = useConfirm();
  const [busy, setBusy] = useState<Transition | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const actions = brandActionsFor(campaign.state);
  if (actions.length === 0) return null;

  async function run(action: Transition) {
    if (action === 'end') {
      const ok = await confirm({
        title: `End “${campaign.title}” now?`,
        body: 'It completes at once: no one can join or submit posts any more. Earnings already made are paid after their hold, and the unspent budget is refunded when the last hold releases. This cannot be undone.',
        confirmLabel: 'End campaign',
        destructive: true,
      });
      if (!ok) return;
    }
    setBusy(action);
    setError(null);
    const path = { orgId, campaignId: campaign.id };
    const body = { expectedVersion: campaign.version };
    const pending: Promise<ApiResult<Campaign>> =
      action === 'submit'
        ? call(api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/submit', { params: { path }, body }))
        : action === 'pause'
          ? call(api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/pause', { params: { path }, body }))
          : action === 'resume'
            ? call(api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/resume', { params: { path }, body }))
            : call(api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/end', { params: { path }, body }));
    const result = await pending;
    setBusy(null);
    if (!result.ok) return setError(result.error);
    onChange(result.data);
  }

  return (
    <div className="flex max-w-md flex-col items-end gap-2" data-testid="lifecycle-actions">
      <div className="flex flex-wrap justify-end gap-2">
        {actions.includes('edit') ? (
          <Link href={`/orgs/${orgId}/campaigns/${campaign.id}/edit`} className={buttonClasses('secondary')}>
            Edit draft
          </Link>
        ) : null}
        {(['submit', 'pause', 'resume', 'end'] as const)
          .filter((action) => actions.includes(action))
          .map((action) => (
            <Button
              key={action}
              variant={action === 'end' ? 'danger' : action === 'pause' ? 'secondary' : 'primary'}
              busy={busy === action}
              busyLabel={transitionLabels[action].busy}
              disabled={busy !== null}
              onClick={() => void run(action)}
              data-testid={`campaign-${action}`}
            >
              {transitionLabels[action].label}
            </Button>
          ))}
      </div>
      {error ? (
        <div className="w-full">
          <ErrorAlert error={error} />
          {isStaleConflict(error) ? (
            <button type="button" className="mt-1 text-sm font-medium text-brand-700 underline" onClick={reload}>
              Reload the campaign
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
