import type { Metadata } from 'next';
import { MySubmissionEarnings } from './my-submission-earnings';

export const metadata: Metadata = { title: 'Earnings of a post' };

export default async function SubmissionEarningsPage({ params }: { params: Promise<{ submissionId: string }> }) {
  const { submissionId } = await params;
  return <MySubmissionEarnings submissionId={submissionId} />;
}
