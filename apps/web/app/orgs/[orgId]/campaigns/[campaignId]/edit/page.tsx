import type { Metadata } from 'next';
import { EditCampaign } from './edit-campaign';

export const metadata: Metadata = { title: 'Edit campaign' };

export default async function EditCampaignPage({ params }: { params: Promise<{ orgId: string; campaignId: string }> }) {
  const { orgId, campaignId } = await params;
  return <EditCampaign orgId={orgId} campaignId={campaignId} />;
}
