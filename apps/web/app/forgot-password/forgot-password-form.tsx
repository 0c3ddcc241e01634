'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TextField, useFormErrors } from '../../components/form';
import { Button, ErrorAlert } from '../../components/ui';
import { api, call } from '../../lib/api';

export function ForgotPasswordForm() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { formRef, fieldErrors, formError, showError } = useFormErrors(['email']);

  useEffect(() => {
    if (sentTo) headingRef.current?.focus();
  }, [sentTo]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call(api.POST('/v1/auth/password-reset', { body: { email } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    setSentTo(email.trim());
  }

  if (sentTo) {
    return (
      <div data-testid="reset-requested">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight focus:outline-none">
          Check your email
        </h1>
        <p className="mt-3 text-muted">
          If an account exists for <strong className="font-medium text-ink">{sentTo}</strong>, we have sent it a link to
          choose a new password. The link works once, within an hour.
        </p>
        <p className="mt-3 text-sm text-muted">
          Nothing arrived after a few minutes? Check your spam folder, or{' '}
          <button type="button" className="font-medium text-brand-700 underline" onClick={() => setSentTo(null)}>
            try another address
          </button>
          .
        </p>
        <Link href="/login" className="mt-6 inline-block font-medium text-brand-700 underline">
          Back to log in
        </Link>
      </div>
    );
  }

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Forgot your password?</h1>
      <p className="mt-2 text-sm text-muted">
        Enter your account’s email and we will send you a link to set a new one.
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 space-y-5">
        <ErrorAlert error={formError} />
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
        <Button type="submit" className="w-full" busy={busy} busyLabel="Sending…">
          Send reset link
        </Button>
      </form>
      <p className="mt-6 text-sm">
        <Link href="/login" className="font-medium text-brand-700 underline">
          Back to log in
        </Link>
      </p>
    </>
  );
}
