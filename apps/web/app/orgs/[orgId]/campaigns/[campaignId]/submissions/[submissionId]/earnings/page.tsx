import type { Metadata } from 'next';
import { BrandSubmissionEarnings } from './brand-submission-earnings';

export const metadata: Metadata = { title: 'Earnings of a post' };

export default async function BrandSubmissionEarningsPage({
  params,
}: {
  params: Promise<{ orgId: string; campaignId: string; submissionId: string }>;
}) {
  const { orgId, campaignId, submissionId } = await params;
  return <BrandSubmissionEarnings orgId={orgId} campaignId={campaignId} submissionId={submissionId} />;
}
