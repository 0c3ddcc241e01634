import type { Metadata } from 'next';
import { PublicCampaignPage } from './public-campaign';

export const metadata: Metadata = { title: 'Campaign' };

export default async function CampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const { campaignId } = await params;
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <PublicCampaignPage campaignId={campaignId} />
    </div>
  );
}
