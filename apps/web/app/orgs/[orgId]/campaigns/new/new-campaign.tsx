'use client';

import { Alert, PageHeader } from '../../../../../components/ui';
import { emptyCampaignForm } from '../../../../../lib/campaign-form-values';
import { CampaignForm } from '../campaign-form';
import { OrgBreadcrumb, OrgCampaignShell } from '../org-campaign-shell';

export function NewCampaign({ orgId }: { orgId: string }) {
  return (
    <OrgCampaignShell orgId={orgId}>
      {({ org, canManage }) => (
        <>
          <OrgBreadcrumb org={org} trail={[{ href: `/orgs/${org.id}/campaigns`, label: 'Campaigns' }]} />
          <PageHeader
            title="New campaign"
            description={`A draft for ${org.name}. Nothing is public until you fund it, send it to review and a reviewer approves it.`}
          />
          {canManage ? (
            <CampaignForm orgId={org.id} initial={emptyCampaignForm} />
          ) : (
            <Alert tone="info" title="Only owners and managers create campaigns">
              Your role in {org.name} lets you see its campaigns, not create them.
            </Alert>
          )}
        </>
      )}
    </OrgCampaignShell>
  );
}
