import type { Metadata } from 'next';
import { AuthShell, firstParam, type SearchParams } from '../../components/auth-shell';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <AuthShell wide>
      <SignUpForm returnTo={firstParam(params['returnTo'])} />
    </AuthShell>
  );
}
