'use client';

// One campaign as its reviewer sees it: everything the brand set, the brief as participants will see it, the budget,
// and the decision. Approving publishes at once, so the API refuses it (409, with the reason) unless the budget is
// funded and the dates make sense; that message is shown as it comes.
import Link from 'next/link';
import { useState } from 'react';
import { BriefHtml } from '../../../../components/brief';
import {
  AssetGallery,
  BudgetFigures,
  CampaignSettingsSummary,
  PlatformChips,
  StateBadge,
} from '../../../../components/campaign-parts';
import { useConfirm } from '../../../../components/dialogs';
import { ReasonDialog } from '../../../../components/reason-dialog';
import {
  Alert,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Section,
  buttonClasses,
} from '../../../../components/ui';
import { api, call, type ApiError } from '../../../../lib/api';
import { isStaleConflict, type Campaign } from '../../../../lib/campaigns';
import { formatDateTime } from '../../../../lib/format';
import { useLoad } from '../../../../lib/use-load';

export function ReviewCampaign({ campaignId }: { campaignId: string }) {
  const { state, reload, setData } = useLoad<Campaign>(
    () => call(api.GET('/v1/review/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    `review-campaign:${campaignId}`,
  );
  if (state.status === 'loading') return <LoadingBlock label="Loading the campaign…" />;
  if (state.status === 'error') {
    if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') {
      return (
        <div className="rounded-lg border border-line bg-white p-6">
          <h1 className="text-xl font-semibold">Campaign not found</h1>
          <p className="mt-2 text-muted">It does not exist, or it was never sent to review.</p>
          <Link href="/review" className={`${buttonClasses('secondary')} mt-4`}>
            Back to the queue
          </Link>
        </div>
      );
    }
    return <LoadError error={state.error} onRetry={() => void reload()} />;
  }
  return <ReviewView campaign={state.data} onChange={(next) => setData(() => next)} reload={() => void reload()} />;
}

function ReviewView({
  campaign,
  onChange,
  reload,
}: {
  campaign: Campaign;
  onChange: (campaign: Campaign) => void;
  reload: () => void;
}) {
  const confirm = useConfirm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [decided, setDecided] = useState<'approved' | 'rejected' | null>(null);
  const inReview = campaign.state === 'reviewing';
  const funded = campaign.budget.funded.micros !== '0';

  async function approve() {
    const ok = await confirm({
      title: `Publish “${campaign.title}”?`,
      body: 'It appears in the public directory at once, and participants can join from its start date.',
      confirmLabel: 'Approve and publish',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    const result = await call(
      api.POST('/v1/review/campaigns/{campaignId}/approve', {
        params: { path: { campaignId: campaign.id } },
        body: { expectedVersion: campaign.version },
      }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setDecided('approved');
    onChange(result.data);
  }

  async function reject(reason: string): Promise<ApiError | null> {
    const result = await call(
      api.POST('/v1/review/campaigns/{campaignId}/reject', {
        params: { path: { campaignId: campaign.id } },
        body: { expectedVersion: campaign.version, reason },
      }),
    );
    if (!result.ok) return result.error;
    setDecided('rejected');
    onChange(result.data);
    return null;
  }

  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/review" className="text-brand-700 underline">
          ← Review queue
        </Link>
      </p>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{campaign.title}</h1>
            <StateBadge state={campaign.state} />
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-muted">
            <PlatformChips platforms={campaign.platforms} />
            <span>Sent {formatDateTime(campaign.submittedAt)}</span>
          </div>
        </div>
        {inReview ? (
          <div className="flex flex-wrap gap-2" data-testid="review-actions">
            <Button variant="danger" onClick={() => setRejecting(true)} disabled={busy} data-testid="review-reject">
              Send back…
            </Button>
            <Button onClick={() => void approve()} busy={busy} busyLabel="Publishing…" data-testid="review-approve">
              Approve and publish
            </Button>
          </div>
        ) : null}
      </div>

      {error ? (
        <div className="mb-6">
          <ErrorAlert error={error} />
          {isStaleConflict(error) ? (
            <button type="button" className="mt-1 text-sm font-medium text-brand-700 underline" onClick={reload}>
              Reload the campaign
            </button>
          ) : null}
        </div>
      ) : null}
      {decided === 'approved' ? (
        <Alert tone="success" className="mb-6" title="Published">
          The campaign is live in the directory.{' '}
          <Link href="/review" className="underline">
            Next in the queue
          </Link>
        </Alert>
      ) : null}
      {decided === 'rejected' ? (
        <Alert tone="success" className="mb-6" title="Sent back to the brand">
          It is a draft again, with your reason.{' '}
          <Link href="/review" className="underline">
            Next in the queue
          </Link>
        </Alert>
      ) : null}
      {!decided && !inReview ? (
        <Alert tone="info" className="mb-6" title="Not waiting for review">
          This campaign is {campaign.state}; there is nothing to decide.
          {campaign.stateReason ? <p className="mt-1">Last reason: {campaign.stateReason}</p> : null}
        </Alert>
      ) : null}
      {inReview && !funded ? (
        <Alert tone="warning" className="mb-6" title="The budget is not funded">
          Approval will be refused until the brand pays into the budget.
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] lg:items-start">
        <div className="min-w-0 space-y-6">
          <Section id="brief" title="Brief" description="Exactly as participants will see it.">
            <BriefHtml html={campaign.briefHtml} testId="campaign-brief" empty="This campaign has no brief." />
          </Section>
          <Section id="settings" title="Settings">
            <CampaignSettingsSummary campaign={campaign} />
          </Section>
          <Section id="assets" title="Assets">
            {campaign.assets.length === 0 ? (
              <EmptyState title="No assets" />
            ) : (
              <AssetGallery assets={campaign.assets} />
            )}
          </Section>
        </div>
        <div className="min-w-0 space-y-6">
          <Section id="budget" title="Budget" description={`In ${campaign.currency}.`}>
            <BudgetFigures budget={campaign.budget} />
          </Section>
        </div>
      </div>

      <ReasonDialog
        open={rejecting}
        title="Send this campaign back?"
        description="It returns to the brand as a draft. Say what to change: they see your reason."
        confirmLabel="Send back"
        onConfirm={reject}
        onClose={() => setRejecting(false)}
        testId="review-reason"
      />
    </>
  );
}
