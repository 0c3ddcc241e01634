import type { Metadata } from 'next';
import { AuthShell, firstParam, type SearchParams } from '../../components/auth-shell';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Log in' };

// `error` and `mfa=1` are set by the API when a single sign-on ends here (a refusal, or an account with 2FA).
export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return (
    <AuthShell>
      <LoginForm
        returnTo={firstParam(params['returnTo'])}
        ssoError={firstParam(params['error'])}
        codeStep={firstParam(params['mfa']) === '1'}
      />
    </AuthShell>
  );
}
