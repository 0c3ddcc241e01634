'use client';

import { useState, type FormEvent } from 'react';
import { NewPasswordFields, TextField, useFormErrors } from '../../components/form';
import { useSignedIn } from '../../components/session';
import { Alert, Badge, Button, ErrorAlert, PageHeader, Section } from '../../components/ui';
import { api, call, messageOf, roleLabels } from '../../lib/api';

export function AccountSettings() {
  const { user } = useSignedIn();
  return (
    <>
      <PageHeader
        title="Account"
        description={
          <>
            Signed in as <strong className="font-medium text-ink">{user.email}</strong>
            {user.roles.length ? (
              <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
                {user.roles.map((role) => (
                  <Badge key={role} tone="brand">
                    {roleLabels[role]}
                  </Badge>
                ))}
              </span>
            ) : null}
          </>
        }
      />
      <div className="space-y-6">
        <ProfileSection />
        <EmailSection />
        <PasswordSection />
      </div>
    </>
  );
}

function ProfileSection() {
  const { user, setUser } = useSignedIn();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const { formRef, fieldErrors, formError, showError, clear } = useFormErrors(['displayName']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    const result = await call(api.PATCH('/v1/me', { body: { displayName } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    clear();
    setUser(result.data);
    setDisplayName(result.data.displayName);
    setSaved(true);
  }

  return (
    <Section id="profile" title="Profile" description="Your name as brands, teammates and administrators see it.">
      <form ref={formRef} onSubmit={submit} noValidate className="max-w-md space-y-4">
        <ErrorAlert error={formError} />
        {saved ? <Alert tone="success">Your name is saved.</Alert> : null}
        <TextField
          id="displayName"
          label="Name"
          autoComplete="name"
          maxLength={80}
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.target.value);
            setSaved(false);
          }}
          error={fieldErrors['displayName']}
          required
        />
        <Button type="submit" busy={busy} busyLabel="Saving…" disabled={displayName.trim() === user.displayName}>
          Save name
        </Button>
      </form>
    </Section>
  );
}

function EmailSection() {
  const { user } = useSignedIn();
  const [newEmail, setNewEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resend, setResend] = useState<{ state: 'idle' | 'sending' | 'sent' } | { state: 'failed'; message: string }>({
    state: 'idle',
  });
  const { formRef, fieldErrors, formError, showError, clear } = useFormErrors(['newEmail']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSentTo(null);
    const result = await call(api.POST('/v1/me/email', { body: { newEmail } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    clear();
    setSentTo(newEmail.trim());
    setNewEmail('');
  }

  async function resendLink() {
    setResend({ state: 'sending' });
    const result = await call(api.POST('/v1/auth/verify-email/resend'));
    setResend(result.ok ? { state: 'sent' } : { state: 'failed', message: messageOf(result.error) });
  }

  return (
    <Section
      id="email"
      title="Email"
      description="Where we send sign-in links, notices about your account and payout receipts."
    >
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium" data-testid="current-email">
          {user.email}
        </span>
        {user.emailVerified ? <Badge tone="success">Confirmed</Badge> : <Badge tone="warning">Not confirmed</Badge>}
      </div>
      {user.emailVerified ? null : (
        <Alert tone="warning" className="mt-4" testId="email-unverified">
          <p>We sent a confirmation link to this address when you signed up. Open it to confirm your email.</p>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={resendLink} busy={resend.state === 'sending'}>
              Send the link again
            </Button>
            <span role="status" className="text-sm">
              {resend.state === 'sent' ? 'Sent. Check your inbox.' : resend.state === 'failed' ? resend.message : ''}
            </span>
          </div>
        </Alert>
      )}
      <form ref={formRef} onSubmit={submit} noValidate className="mt-6 max-w-md space-y-4 border-t border-line pt-6">
        <h3 className="font-medium">Change your email</h3>
        <ErrorAlert error={formError} />
        {sentTo ? (
          <Alert tone="success">
            We sent a link to <strong>{sentTo}</strong>. Your email changes when you open it; until then, keep using the
            current one.
          </Alert>
        ) : null}
        <TextField
          id="newEmail"
          label="New email"
          type="email"
          autoComplete="email"
          maxLength={254}
          value={newEmail}
          onChange={(e) => setNewEmail(e.target.value)}
          error={fieldErrors['newEmail']}
          hint="For your safety you may be asked for your password first. Opening the link signs out your sessions."
          required
        />
        <Button type="submit" variant="secondary" busy={busy} busyLabel="Sending…">
          Send confirmation link
        </Button>
      </form>
    </Section>
  );
}

function PasswordSection() {
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const { formRef, fieldErrors, formError, showError, showFieldErrors, clear } = useFormErrors([
    'newPassword',
    'repeat',
  ]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (newPassword !== repeat) return showFieldErrors({ repeat: 'The two passwords are not the same' });
    setBusy(true);
    const result = await call(api.POST('/v1/me/password', { body: { newPassword } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    clear();
    setNewPassword('');
    setRepeat('');
    setDone(true);
  }

  return (
    <Section
      id="password"
      title="Password"
      description="Changing it signs out every other session. You may be asked for your current password first."
    >
      <form ref={formRef} onSubmit={submit} noValidate className="max-w-md space-y-4">
        <ErrorAlert error={formError} />
        {done ? <Alert tone="success">Your password is changed. Your other sessions were signed out.</Alert> : null}
        <NewPasswordFields
          value={newPassword}
          onChange={setNewPassword}
          repeat={repeat}
          onRepeatChange={setRepeat}
          errors={fieldErrors}
        />
        <Button type="submit" busy={busy} busyLabel="Changing…">
          Change password
        </Button>
      </form>
    </Section>
  );
}
