import type { Metadata } from 'next';
import { AuthShell, firstParam, type SearchParams } from '../../components/auth-shell';
import { VerifyEmail } from './verify-email';

export const metadata: Metadata = { title: 'Confirm your email', referrer: 'no-referrer' };

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <AuthShell>
      <VerifyEmail token={firstParam(params['token']) ?? ''} />
    </AuthShell>
  );
}
