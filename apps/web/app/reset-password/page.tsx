import type { Metadata } from 'next';
import { AuthShell, firstParam, type SearchParams } from '../../components/auth-shell';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <AuthShell>
      <ResetPasswordForm token={firstParam(params['token']) ?? ''} />
    </AuthShell>
  );
}
