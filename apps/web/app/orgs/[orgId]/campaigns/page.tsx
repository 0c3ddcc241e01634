import type { Metadata } from 'next';
import { CampaignList } from './campaign-list';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function OrgCampaignsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return <CampaignList orgId={orgId} />;
}
