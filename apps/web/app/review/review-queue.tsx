'use client';

import Link from 'next/link';
import { PlatformChips } from '../../components/campaign-parts';
import { EmptyState, LoadError, LoadingBlock, PageHeader, Pager, useCursorPager } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

const PAGE_SIZE = 25;

/** Campaigns waiting for a reviewer, oldest first: the queue is worked from the top. */
export function ReviewQueue() {
  const pager = useCursorPager();
  const query = { limit: PAGE_SIZE, ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/review/campaigns', { params: { query } })),
    `review:${JSON.stringify(query)}`,
  );

  return (
    <>
      <PageHeader
        title="Review queue"
        description="Campaigns brands sent to review, oldest first. Approving publishes a campaign at once; sending one back returns it to its brand as a draft, with your reason."
      />
      {state.status === 'loading' ? <LoadingBlock label="Loading the queue…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title="Nothing to review">New campaigns appear here when a brand sends one to review.</EmptyState>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="review-table">
            <caption className="sr-only">Campaigns waiting for review, page {pager.page}</caption>
            <thead className="border-b border-line bg-canvas text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Campaign
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Rate / 1,000
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Budget
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Funded, left
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Waiting since
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {state.data.items.map((campaign) => (
                <tr key={campaign.id} className="align-top">
                  <th scope="row" className="px-4 py-3 font-medium">
                    <Link
                      href={`/review/campaigns/${campaign.id}`}
                      className="text-brand-800 underline-offset-2 hover:underline"
                    >
                      {campaign.title}
                    </Link>
                    <div className="mt-1.5">
                      <PlatformChips platforms={campaign.platforms} />
                    </div>
                  </th>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.ratePerThousand.display}</td>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.budgetPlanned.display}</td>
                  <td className="px-4 py-3 text-right font-mono tabular-nums">{campaign.budgetRemaining.display}</td>
                  <td className="px-4 py-3 whitespace-nowrap text-muted">{formatDateTime(campaign.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Review queue pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
        />
      ) : null}
    </>
  );
}
