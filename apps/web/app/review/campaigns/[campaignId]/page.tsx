import type { Metadata } from 'next';
import { ReviewCampaign } from './review-campaign';

export const metadata: Metadata = { title: 'Review a campaign' };

export default async function ReviewCampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const { campaignId } = await params;
  return <ReviewCampaign campaignId={campaignId} />;
}
