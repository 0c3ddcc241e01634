'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FieldError, TextField, useFormErrors } from '../../components/form';
import { OidcButtons } from '../../components/oidc-buttons';
import { useSession } from '../../components/session';
import { Button, ErrorAlert } from '../../components/ui';
import { api, call } from '../../lib/api';
import { safeReturnTo } from '../../lib/return-to';

type AccountType = 'participant' | 'brand';

const accountTypes: readonly { value: AccountType; title: string; body: string }[] = [
  { value: 'participant', title: 'Creator', body: 'Join campaigns, post, and earn from your verified views.' },
  { value: 'brand', title: 'Brand', body: 'Fund campaigns with a budget and a rate per 1,000 views.' },
];

export function SignUpForm({ returnTo }: { returnTo: string | undefined }) {
  const router = useRouter();
  const { state, signedIn } = useSession();
  const destination = safeReturnTo(returnTo);
  const finishing = useRef(false);

  // Someone already signed in (e.g. following an invitation link) goes straight on.
  useEffect(() => {
    if (state.status === 'signed_in' && !finishing.current) router.replace(destination);
  }, [state.status, router, destination]);
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [accountType, setAccountType] = useState<AccountType | ''>('');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError, showFieldErrors } = useFormErrors([
    'displayName',
    'email',
    'password',
    'accountType',
  ]);
  const loginLink = returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!accountType) {
      showFieldErrors({ accountType: 'Choose what you will use the account for' });
      return;
    }
    setBusy(true);
    const result = await call(api.POST('/v1/auth/sign-up', { body: { displayName, email, password, accountType } }));
    if (!result.ok) {
      setBusy(false);
      showError(result.error);
      return;
    }
    finishing.current = true;
    if (result.data.status === 'signed_in') await signedIn(result.data.csrfToken);
    router.replace(destination);
  }

  const typeErrorId = fieldErrors['accountType'] ? 'accountType-error' : undefined;

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Create your account</h1>
      <p className="mt-2 text-sm text-muted">
        Already have one?{' '}
        <Link href={loginLink} className="font-medium text-brand-700 underline">
          Log in
        </Link>
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="sign-up-form">
        <ErrorAlert error={formError} />
        <fieldset aria-describedby={typeErrorId}>
          <legend className="text-sm font-medium text-ink">I am signing up as</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {accountTypes.map((type) => (
              <label
                key={type.value}
                className="flex cursor-pointer gap-3 rounded-lg border border-line p-4 hover:border-brand-600 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="accountType"
                  value={type.value}
                  checked={accountType === type.value}
                  onChange={() => setAccountType(type.value)}
                  aria-invalid={fieldErrors['accountType'] ? true : undefined}
                  className="mt-1 h-4 w-4 accent-brand-700"
                />
                <span>
                  <span className="block text-sm font-semibold">{type.title}</span>
                  <span className="mt-0.5 block text-xs text-muted">{type.body}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id={typeErrorId} error={fieldErrors['accountType']} />
        </fieldset>
        <TextField
          id="displayName"
          label="Your name"
          autoComplete="name"
          maxLength={80}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldErrors['displayName']}
          required
        />
        <TextField
          id="email"
          label="Email"
          type="email"
          autoComplete="email"
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors['email']}
          required
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          maxLength={128}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors['password']}
          hint="At least 12 characters. A few unrelated words make a strong, memorable password."
          required
        />
        <Button type="submit" className="w-full" busy={busy} busyLabel="Creating your account…">
          Create account
        </Button>
        <p className="text-xs text-muted">We will send you a link to confirm your email address.</p>
      </form>
      <OidcButtons returnTo={destination} verb="Sign up" />
    </>
  );
}
