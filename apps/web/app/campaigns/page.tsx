import type { Metadata } from 'next';
import { firstParam, type SearchParams } from '../../components/auth-shell';
import { CampaignDirectory, type DirectoryFilters } from './campaign-directory';

export const metadata: Metadata = {
  title: 'Campaigns',
  description: 'Open pay-per-view campaigns: the rate per 1,000 views, the budget left and the slots left of each.',
};

// The filters live in the address, so a search can be shared and survives a reload.
export default async function CampaignsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const initial: DirectoryFilters = {
    q: firstParam(params['q']) ?? '',
    platform: firstParam(params['platform']) ?? '',
    category: firstParam(params['category']) ?? '',
    country: firstParam(params['country']) ?? '',
    currency: firstParam(params['currency']) ?? '',
    minRate: firstParam(params['minRate']) ?? '',
    minBudgetLeft: firstParam(params['minBudgetLeft']) ?? '',
    sort: firstParam(params['sort']) ?? 'newest',
  };
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <CampaignDirectory initial={initial} />
    </div>
  );
}
