import type { Metadata } from 'next';
import { AuthShell, firstParam, type SearchParams } from '../../../components/auth-shell';
import { AcceptInvitation } from './accept-invitation';

export const metadata: Metadata = { title: 'Accept invitation', referrer: 'no-referrer' };

export default async function AcceptInvitationPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <AuthShell>
      <AcceptInvitation token={firstParam(params['token']) ?? ''} />
    </AuthShell>
  );
}
