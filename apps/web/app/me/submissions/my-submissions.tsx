'use client';

import Link from 'next/link';
import { EmptyState, PageHeader, buttonClasses } from '../../../components/ui';
import { SubmissionList } from './submission-list';

export function MySubmissions() {
  return (
    <>
      <PageHeader
        title="My submissions"
        description="Every post you submitted, newest first. A post is verified, then tracked; its earnings follow its views."
      />
      <SubmissionList
        showCampaign
        emptyState={
          <EmptyState title="You have not submitted a post yet">
            <p>Open one of your campaigns and submit the link of your post.</p>
            <Link href="/me/campaigns" className={`${buttonClasses('primary')} mt-4`}>
              My campaigns
            </Link>
          </EmptyState>
        }
      />
    </>
  );
}
