'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { NewPasswordFields, useFormErrors } from '../../components/form';
import { useSession } from '../../components/session';
import { Alert, Button, ErrorAlert, buttonClasses } from '../../components/ui';
import { api, call } from '../../lib/api';

export function ResetPasswordForm({ token }: { token: string }) {
  const { refresh } = useSession();
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { formRef, fieldErrors, formError, showError, showFieldErrors } = useFormErrors(['newPassword', 'repeat']);

  useEffect(() => {
    if (done) headingRef.current?.focus();
  }, [done]);

  if (!token) {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">This link is incomplete</h1>
        <p className="mt-3 text-muted">Open the link from the email exactly as it was sent, or ask for a new one.</p>
        <Link href="/forgot-password" className={`${buttonClasses('primary')} mt-6`}>
          Ask for a new link
        </Link>
      </>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword !== repeat) return showFieldErrors({ repeat: 'The two passwords are not the same' });
    setBusy(true);
    const result = await call(api.POST('/v1/auth/password-reset/confirm', { body: { token, newPassword } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    setDone(true);
    // Every session was signed out, this browser's included.
    void refresh();
  }

  if (done) {
    return (
      <div data-testid="reset-done">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight focus:outline-none">
          Your password is changed
        </h1>
        <p className="mt-3 text-muted">For your safety every session was signed out. Log in with the new password.</p>
        <Link href="/login" className={`${buttonClasses('primary')} mt-6`}>
          Log in
        </Link>
      </div>
    );
  }

  const tokenRefused = formError?.code === 'TOKEN_INVALID';
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Choose a new password</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 space-y-5">
        {tokenRefused ? (
          <Alert tone="error" title="This reset link cannot be used" testId="form-error">
            <p>{formError.message}</p>
            <Link href="/forgot-password" className="mt-2 inline-block font-semibold underline">
              Ask for a new link
            </Link>
          </Alert>
        ) : (
          <ErrorAlert error={formError} />
        )}
        <NewPasswordFields
          value={newPassword}
          onChange={setNewPassword}
          repeat={repeat}
          onRepeatChange={setRepeat}
          errors={fieldErrors}
          hint="At least 12 characters. A few unrelated words make a strong, memorable password."
        />
        <Button type="submit" className="w-full" busy={busy} busyLabel="Saving…">
          Set new password
        </Button>
      </form>
    </>
  );
}
