'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../../components/session';
import { Alert, Button, ErrorAlert, LoadError, LoadingBlock, buttonClasses } from '../../../components/ui';
import { api, call, type ApiError, type Org } from '../../../lib/api';

/**
 * Joining takes a deliberate click rather than happening on page load: the link may be opened by a mail scanner
 * or while signed in as someone else, and the invitation only works for the address it was sent to.
 */
export function AcceptInvitation({ token }: { token: string }) {
  const { state, refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [joined, setJoined] = useState<Org | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (joined) headingRef.current?.focus();
  }, [joined]);

  if (!token) {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">This invitation link is incomplete</h1>
        <p className="mt-3 text-muted">
          Open the link from the email exactly as it was sent, or ask for a new invitation.
        </p>
      </>
    );
  }

  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;

  if (state.status === 'loading') return <LoadingBlock label="Checking your session…" />;
  if (state.status === 'error') return <LoadError error={state.error} onRetry={() => void refresh()} />;
  if (state.status === 'signed_out') {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">You are invited to an organization</h1>
        <p className="mt-3 text-muted">
          Log in, or create an account, with the email address the invitation was sent to. You will come back here to
          accept it.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href={`/login?returnTo=${encodeURIComponent(here)}`} className={buttonClasses('primary')}>
            Log in
          </Link>
          <Link href={`/signup?returnTo=${encodeURIComponent(here)}`} className={buttonClasses('secondary')}>
            Create an account
          </Link>
        </div>
      </>
    );
  }

  if (joined) {
    return (
      <div data-testid="invitation-accepted">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight focus:outline-none">
          Welcome to {joined.name}
        </h1>
        <p className="mt-3 text-muted">You are now a member of this organization.</p>
        <Link href={`/orgs/${joined.id}`} className={`${buttonClasses('primary')} mt-6`}>
          Open {joined.name}
        </Link>
      </div>
    );
  }

  async function accept() {
    setBusy(true);
    setError(null);
    const result = await call(api.POST('/v1/invitations/accept', { body: { token } }));
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setJoined(result.data);
  }

  const { user } = state.info;
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Accept your invitation</h1>
      <p className="mt-3 text-muted">
        You are signed in as <strong className="font-medium text-ink">{user.email}</strong>. The invitation works only
        if it was sent to this address.
      </p>
      {error?.code === 'TOKEN_INVALID' ? (
        <Alert tone="error" className="mt-6" title="This invitation cannot be used">
          {error.message} Ask the organization’s owner to invite you again.
        </Alert>
      ) : (
        <ErrorAlert error={error} className="mt-6" />
      )}
      <Button className="mt-6 w-full" onClick={accept} busy={busy} busyLabel="Joining…">
        Accept invitation
      </Button>
    </>
  );
}
