'use client';

// The brand's audit of one post's earnings: the same explanation its creator sees.
import { SubmissionEarningsView } from '../../../../../../../../components/earnings-explanation';
import { EmptyState, LoadError, LoadingBlock, PageHeader } from '../../../../../../../../components/ui';
import { api, call } from '../../../../../../../../lib/api';
import type { SubmissionEarnings } from '../../../../../../../../lib/participation';
import { useLoad } from '../../../../../../../../lib/use-load';
import { OrgBreadcrumb, OrgCampaignShell } from '../../../../org-campaign-shell';

export function BrandSubmissionEarnings({
  orgId,
  campaignId,
  submissionId,
}: {
  orgId: string;
  campaignId: string;
  submissionId: string;
}) {
  const { state, reload } = useLoad<SubmissionEarnings>(
    () =>
      call(
        api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}/submissions/{submissionId}/earnings', {
          params: { path: { orgId, campaignId, submissionId } },
        }),
      ),
    `submission-earnings:${orgId}:${campaignId}:${submissionId}`,
  );
  return (
    <OrgCampaignShell orgId={orgId}>
      {({ org }) => (
        <>
          <OrgBreadcrumb
            org={org}
            trail={[
              { href: `/orgs/${org.id}/campaigns`, label: 'Campaigns' },
              {
                href: `/orgs/${org.id}/campaigns/${campaignId}`,
                label: state.status === 'ready' ? state.data.campaign.title : 'Campaign',
              },
            ]}
          />
          {state.status === 'loading' ? <LoadingBlock label="Loading the post’s earnings…" /> : null}
          {state.status === 'error' ? (
            state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED' ? (
              <EmptyState title="This post was not found in this campaign" />
            ) : (
              <LoadError error={state.error} onRetry={() => void reload()} />
            )
          ) : null}
          {state.status === 'ready' ? (
            <>
              <PageHeader
                title="How this post earns"
                description="What the creator was paid for this post and why: observations, rate, caps and ledger transfers."
              />
              <SubmissionEarningsView earnings={state.data} />
            </>
          ) : null}
        </>
      )}
    </OrgCampaignShell>
  );
}
