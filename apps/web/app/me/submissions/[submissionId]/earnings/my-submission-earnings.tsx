'use client';

import Link from 'next/link';
import { SubmissionEarningsView } from '../../../../../components/earnings-explanation';
import { EmptyState, LoadError, LoadingBlock, PageHeader, buttonClasses } from '../../../../../components/ui';
import { api, call } from '../../../../../lib/api';
import type { SubmissionEarnings } from '../../../../../lib/participation';
import { useLoad } from '../../../../../lib/use-load';

export function MySubmissionEarnings({ submissionId }: { submissionId: string }) {
  const { state, reload } = useLoad<SubmissionEarnings>(
    () => call(api.GET('/v1/me/submissions/{submissionId}/earnings', { params: { path: { submissionId } } })),
    `my-submission-earnings:${submissionId}`,
  );
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href="/me/submissions" className="text-brand-700 underline-offset-2 hover:underline">
          ← My submissions
        </Link>
      </nav>
      {state.status === 'loading' ? <LoadingBlock label="Loading the post’s earnings…" /> : null}
      {state.status === 'error' ? (
        state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED' ? (
          <EmptyState title="This post is not among yours">
            <Link href="/me/submissions" className={`${buttonClasses('secondary')} mt-4`}>
              Back to my submissions
            </Link>
          </EmptyState>
        ) : (
          <LoadError error={state.error} onRetry={() => void reload()} />
        )
      ) : null}
      {state.status === 'ready' ? (
        <>
          <PageHeader
            title="How this post earns"
            description={
              <>
                For{' '}
                <Link href={`/campaigns/${state.data.campaign.id}`} className="text-brand-700 hover:underline">
                  {state.data.campaign.title}
                </Link>
                . Earnings follow the post’s {state.data.campaign.metric}, at the campaign’s rate, within its caps.
              </>
            }
          />
          <SubmissionEarningsView earnings={state.data} />
        </>
      ) : null}
    </>
  );
}
