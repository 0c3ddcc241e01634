'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TextField, useFormErrors } from '../../components/form';
import { useSession } from '../../components/session';
import { OidcButtons } from '../../components/oidc-buttons';
import { Alert, Button, ErrorAlert } from '../../components/ui';
import { api, call } from '../../lib/api';
import { safeReturnTo } from '../../lib/return-to';

type Step = 'password' | 'code';

// The reasons the API's single sign-on callback sends to /login?error=… (oidcLoginErrors in the contracts).
const ssoErrors: Record<string, string> = {
  oidc_state: 'The sign-in link expired, was already used, or was started in another browser. Start the sign-in again.',
  oidc_denied: 'The identity provider did not sign you in (for example, you cancelled).',
  oidc_failed: 'The identity provider could not be reached or its answer was invalid. Try again later.',
  oidc_email_missing: 'The identity provider did not share an email address, which an account needs.',
  oidc_email_unverified:
    'An account with this email exists, but the identity provider has not verified the address. Sign in with your password instead.',
  oidc_link_unverified:
    'An account with this email exists but its address was never confirmed. Sign in with your password and confirm it, or reset your password, then try again.',
  oidc_account_disabled: 'This account is disabled.',
};

/**
 * Email and password, then, for accounts with 2FA, a second step asking for the authenticator code (or a
 * recovery code). The first step's cookie only allows the second step; the session proper starts after it.
 */
export function LoginForm({
  returnTo,
  ssoError,
  codeStep = false,
}: {
  returnTo: string | undefined;
  ssoError?: string | undefined;
  codeStep?: boolean;
}) {
  const router = useRouter();
  const { state, signedIn } = useSession();
  const [step, setStep] = useState<Step>(codeStep ? 'code' : 'password');
  const [notice, setNotice] = useState<string | null>(
    ssoError ? (ssoErrors[ssoError] ?? 'Single sign-on did not complete. Try again.') : null,
  );
  const destination = safeReturnTo(returnTo);
  const finishing = useRef(false);

  // Someone already signed in has nothing to do here.
  useEffect(() => {
    if (state.status === 'signed_in' && !finishing.current) router.replace(destination);
  }, [state.status, router, destination]);

  async function finish(csrfToken: string) {
    finishing.current = true;
    await signedIn(csrfToken);
    router.replace(destination);
  }

  return step === 'password' ? (
    <PasswordStep
      notice={notice}
      returnTo={returnTo}
      destination={destination}
      onSignedIn={finish}
      onCodeNeeded={() => {
        setNotice(null);
        setStep('code');
      }}
    />
  ) : (
    <CodeStep
      onSignedIn={finish}
      onRestart={(message) => {
        setNotice(message);
        setStep('password');
      }}
    />
  );
}

function PasswordStep({
  notice,
  returnTo,
  destination,
  onSignedIn,
  onCodeNeeded,
}: {
  notice: string | null;
  returnTo: string | undefined;
  destination: string;
  onSignedIn: (csrfToken: string) => Promise<void>;
  onCodeNeeded: () => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError } = useFormErrors(['email', 'password']);
  const signUpLink = returnTo ? `/signup?returnTo=${encodeURIComponent(returnTo)}` : '/signup';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call(api.POST('/v1/auth/login', { body: { email, password } }));
    if (!result.ok) {
      setBusy(false);
      showError(result.error);
      return;
    }
    if (result.data.status === 'mfa_required') return onCodeNeeded();
    await onSignedIn(result.data.csrfToken);
  }

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Log in</h1>
      <p className="mt-2 text-sm text-muted">
        New here?{' '}
        <Link href={signUpLink} className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
      {notice ? (
        <Alert tone="warning" className="mt-6">
          {notice}
        </Alert>
      ) : null}
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="login-form">
        <ErrorAlert error={formError} />
        <TextField
          id="email"
          label="Email"
          type="email"
          autoComplete="username"
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors['email']}
          required
        />
        <div>
          <TextField
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            maxLength={128}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors['password']}
            required
          />
          <p className="mt-2 text-right text-sm">
            <Link href="/forgot-password" className="font-medium text-brand-700 underline">
              Forgot your password?
            </Link>
          </p>
        </div>
        <Button type="submit" className="w-full" busy={busy} busyLabel="Logging in…">
          Log in
        </Button>
      </form>
      <OidcButtons returnTo={destination} />
    </>
  );
}

function CodeStep({
  onSignedIn,
  onRestart,
}: {
  onSignedIn: (csrfToken: string) => Promise<void>;
  onRestart: (message: string | null) => void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const { formRef, fieldErrors, formError, showError } = useFormErrors(['code', 'recoveryCode']);
  const field = useRecovery ? 'recoveryCode' : 'code';

  // The step replaced the form the person was typing in: put them in the new field.
  useEffect(() => {
    inputRef.current?.focus();
  }, [useRecovery]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const trimmed = value.replace(/\s+/g, '');
    const body = useRecovery ? { recoveryCode: trimmed } : { code: trimmed };
    const result = await call(api.POST('/v1/auth/login/mfa', { body }));
    if (!result.ok) {
      setBusy(false);
      if (result.error.code === 'UNAUTHENTICATED') return onRestart(result.error.message);
      showError(result.error);
      return;
    }
    if (result.data.status === 'signed_in') await onSignedIn(result.data.csrfToken);
  }

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Two-factor authentication</h1>
      <p className="mt-2 text-sm text-muted">
        {useRecovery
          ? 'Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once.'
          : 'Open your authenticator app and enter the 6-digit code it shows for Creator Rewards.'}
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="mfa-form">
        <ErrorAlert error={formError} />
        <TextField
          key={field}
          ref={inputRef}
          id={field}
          label={useRecovery ? 'Recovery code' : 'Authentication code'}
          autoComplete={useRecovery ? 'off' : 'one-time-code'}
          inputMode={useRecovery ? 'text' : 'numeric'}
          spellCheck={false}
          maxLength={useRecovery ? 11 : 6}
          placeholder={useRecovery ? 'abcde-12345' : '123456'}
          className="[&_input]:font-mono [&_input]:tracking-widest"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={fieldErrors[field]}
          required
        />
        <Button type="submit" className="w-full" busy={busy} busyLabel="Checking…">
          Verify and log in
        </Button>
      </form>
      <div className="mt-6 flex flex-wrap justify-between gap-3 border-t border-line pt-4 text-sm">
        <button
          type="button"
          className="font-medium text-brand-700 underline"
          onClick={() => {
            setUseRecovery((r) => !r);
            setValue('');
          }}
        >
          {useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
        </button>
        <button type="button" className="text-muted underline" onClick={() => onRestart(null)}>
          Start over
        </button>
      </div>
    </>
  );
}
