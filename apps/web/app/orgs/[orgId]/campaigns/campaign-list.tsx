'use client';

import Link from 'next/link';
import { useState } from 'react';
import { PlatformChips, StateBadge } from '../../../../components/campaign-parts';
import { SelectField } from '../../../../components/form';
import {
  EmptyState,
  LoadError,
  LoadingBlock,
  PageHeader,
  Pager,
  buttonClasses,
  useCursorPager,
} from '../../../../components/ui';
import { api, call } from '../../../../lib/api';
import { allStates, stateLabels, type CampaignState } from '../../../../lib/campaigns';
import { formatDate } from '../../../../lib/format';
import { useLoad } from '../../../../lib/use-load';
import { OrgBreadcrumb, OrgCampaignShell, type OrgAccess } from './org-campaign-shell';

const PAGE_SIZE = 25;

export function CampaignList({ orgId }: { orgId: string }) {
  return <OrgCampaignShell orgId={orgId}>{(access) => <CampaignListView {...access} />}</OrgCampaignShell>;
}

function CampaignListView({ org, canManage }: OrgAccess) {
  const [state, setState] = useState<CampaignState | ''>('');
  const pager = useCursorPager();
  const query = {
    limit: PAGE_SIZE,
    ...(state ? { state } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const { state: loaded, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns', { params: { path: { orgId: org.id }, query } })),
    `campaigns:${org.id}:${JSON.stringify(query)}`,
  );
  const newHref = `/orgs/${org.id}/campaigns/new`;

  return (
    <>
      <OrgBreadcrumb org={org} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Campaigns"
          description={`Every campaign of ${org.name}: drafts, campaigns in review, live ones and finished ones.`}
        />
        {canManage ? (
          <Link href={newHref} className={buttonClasses('primary')} data-testid="new-campaign">
            New campaign
          </Link>
        ) : null}
      </div>

      <div className="mb-4 flex flex-wrap items-end gap-4">
        <SelectField
          id="campaign-state-filter"
          label="State"
          value={state}
          onChange={(e) => {
            setState(e.target.value as CampaignState | '');
            pager.reset();
          }}
          className="w-56"
        >
          <option value="">All states</option>
          {allStates.map((s) => (
            <option key={s} value={s}>
              {stateLabels[s].label}
            </option>
          ))}
        </SelectField>
      </div>

      {loaded.status === 'loading' ? <LoadingBlock label="Loading campaigns…" /> : null}
      {loaded.status === 'error' ? <LoadError error={loaded.error} onRetry={() => void reload()} /> : null}
      {loaded.status === 'ready' && loaded.data.items.length === 0 ? (
        state ? (
          <EmptyState title={`No campaigns are ${stateLabels[state].label.toLowerCase()}`}>
            Choose another state, or all states.
          </EmptyState>
        ) : (
          <EmptyState title="No campaigns yet">
            <p>A campaign sets a budget, a rate per 1,000 views, caps, rules and a brief for participants.</p>
            {canManage ? (
              <Link href={newHref} className={`${buttonClasses('primary')} mt-4`}>
                Create your first campaign
              </Link>
            ) : (
              <p className="mt-1">Owners and managers of {org.name} can create one.</p>
            )}
          </EmptyState>
        )
      ) : null}
      {loaded.status === 'ready' && loaded.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="campaign-table">
            <caption className="sr-only">
              Campaigns of {org.name}, page {pager.page}
            </caption>
            <thead className="border-b border-line bg-canvas text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Campaign
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  State
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Rate / 1,000
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Budget
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Remaining
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {loaded.data.items.map((campaign) => (
                <tr key={campaign.id} className="align-top">
                  <th scope="row" className="px-4 py-3 font-medium">
                    <Link
                      href={`/orgs/${org.id}/campaigns/${campaign.id}`}
                      className="text-brand-800 underline-offset-2 hover:underline"
                    >
                      {campaign.title}
                    </Link>
                    <div className="mt-1.5">
                      <PlatformChips platforms={campaign.platforms} />
                    </div>
                  </th>
                  <td className="px-4 py-3">
                    <StateBadge state={campaign.state} />
                  </td>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.ratePerThousand.display}</td>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.budgetPlanned.display}</td>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.budgetRemaining.display}</td>
                  <td className="px-4 py-3 whitespace-nowrap text-muted">{formatDate(campaign.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loaded.status === 'ready' ? (
        <Pager
          label="Campaign pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={loaded.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => loaded.data.nextCursor && pager.next(loaded.data.nextCursor)}
        />
      ) : null}
    </>
  );
}
