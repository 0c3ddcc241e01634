'use client';

import Link from 'next/link';
import { Alert, LoadError, LoadingBlock, PageHeader, buttonClasses } from '../../../../../../components/ui';
import { api, call } from '../../../../../../lib/api';
import type { Campaign } from '../../../../../../lib/campaigns';
import { useLoad } from '../../../../../../lib/use-load';
import { campaignToForm } from '../../../../../../lib/campaign-form-values';
import { CampaignForm } from '../../campaign-form';
import { OrgBreadcrumb, OrgCampaignShell } from '../../org-campaign-shell';
import { CampaignNotFound } from '../campaign-detail';

export function EditCampaign({ orgId, campaignId }: { orgId: string; campaignId: string }) {
  const { state, reload } = useLoad<Campaign>(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}', { params: { path: { orgId, campaignId } } })),
    `campaign:${orgId}:${campaignId}`,
  );
  return (
    <OrgCampaignShell orgId={orgId}>
      {({ org, canManage }) => {
        if (state.status === 'loading') return <LoadingBlock label="Loading the campaign…" />;
        if (state.status === 'error') {
          if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') {
            return <CampaignNotFound orgId={org.id} />;
          }
          return <LoadError error={state.error} onRetry={() => void reload()} />;
        }
        const campaign = state.data;
        const detailHref = `/orgs/${org.id}/campaigns/${campaign.id}`;
        return (
          <>
            <OrgBreadcrumb
              org={org}
              trail={[
                { href: `/orgs/${org.id}/campaigns`, label: 'Campaigns' },
                { href: detailHref, label: campaign.title },
              ]}
            />
            <PageHeader title="Edit draft" description={campaign.title} />
            {campaign.state !== 'draft' ? (
              <Alert tone="info" title="Only drafts can be edited">
                <p>This campaign is {campaign.state}. A campaign sent back by a reviewer becomes a draft again.</p>
                <Link href={detailHref} className={`${buttonClasses('secondary', 'sm')} mt-3`}>
                  Back to the campaign
                </Link>
              </Alert>
            ) : !canManage ? (
              <Alert tone="info" title="Only owners and managers edit campaigns" />
            ) : (
              <CampaignForm orgId={org.id} initial={campaignToForm(campaign)} campaign={campaign} />
            )}
          </>
        );
      }}
    </OrgCampaignShell>
  );
}
