import type { Metadata } from 'next';
import { firstParam, type SearchParams } from '../../../../../components/auth-shell';
import { CampaignDetail } from './campaign-detail';

export const metadata: Metadata = { title: 'Campaign' };

// `created=1` / `saved=1` are set by the wizard after it created or saved the draft.
export default async function CampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string; campaignId: string }>;
  searchParams: SearchParams;
}) {
  const [{ orgId, campaignId }, query] = await Promise.all([params, searchParams]);
  const notice = firstParam(query['created']) === '1' ? 'created' : firstParam(query['saved']) === '1' ? 'saved' : null;
  return <CampaignDetail orgId={orgId} campaignId={campaignId} notice={notice} />;
}
