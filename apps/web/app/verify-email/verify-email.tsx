'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../components/session';
import { LoadingBlock, buttonClasses } from '../../components/ui';
import { api, call, messageOf, type ApiError } from '../../lib/api';

type State = { status: 'checking' } | { status: 'done'; email: string } | { status: 'failed'; error: ApiError };

/**
 * Confirms the address as soon as the mailed link is opened (sign-up address or a new address after an email
 * change). The token works once, so it is sent once even when React runs effects twice in development.
 */
export function VerifyEmail({ token }: { token: string }) {
  const { state: session, refresh } = useSession();
  const [state, setState] = useState<State>(
    token
      ? { status: 'checking' }
      : {
          status: 'failed',
          error: {
            code: 'TOKEN_INVALID',
            message: 'This link is incomplete. Open it exactly as it was sent.',
            requestId: '',
          },
        },
  );
  const sent = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    void call(api.POST('/v1/auth/verify-email', { body: { token } })).then((result) => {
      setState(result.ok ? { status: 'done', email: result.data.email } : { status: 'failed', error: result.error });
      // The session (if any) now has a verified address, or was signed out by an email change.
      if (result.ok) void refresh();
    });
  }, [token, refresh]);

  useEffect(() => {
    if (state.status !== 'checking') headingRef.current?.focus();
  }, [state.status]);

  if (state.status === 'checking') {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">Confirming your email</h1>
        <LoadingBlock label="Checking the link…" />
      </>
    );
  }

  const signedIn = session.status === 'signed_in';
  if (state.status === 'done') {
    return (
      <div data-testid="email-verified">
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight focus:outline-none">
          Email confirmed
        </h1>
        <p className="mt-3 text-muted">
          <strong className="font-medium text-ink">{state.email}</strong> is confirmed for your account.
        </p>
        <Link href={signedIn ? '/account' : '/login'} className={`${buttonClasses('primary')} mt-6`}>
          {signedIn ? 'Go to your account' : 'Log in'}
        </Link>
      </div>
    );
  }

  return (
    <div data-testid="email-verify-failed">
      <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight focus:outline-none">
        This link cannot be used
      </h1>
      <p className="mt-3 text-muted">{messageOf(state.error)}</p>
      <p className="mt-3 text-sm text-muted">
        {signedIn
          ? 'You can send yourself a new link from your account page.'
          : 'Log in and send yourself a new link from your account page.'}
      </p>
      <Link href="/account" className={`${buttonClasses('primary')} mt-6`}>
        {signedIn ? 'Go to your account' : 'Log in'}
      </Link>
    </div>
  );
}
