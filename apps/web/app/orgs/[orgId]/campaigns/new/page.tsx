import type { Metadata } from 'next';
import { NewCampaign } from './new-campaign';

export const metadata: Metadata = { title: 'New campaign' };

export default async function NewCampaignPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return <NewCampaign orgId={orgId} />;
}
