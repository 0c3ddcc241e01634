'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { useSession } from '../../../components/session';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  PageHeader,
} from '../../../components/ui';
import { api, call, type ApiError, type Session } from '../../../lib/api';
import { describeUserAgent, formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

export function SessionsList() {
  const router = useRouter();
  const { signOut } = useSession();
  const confirm = useConfirm();
  const { state, setData, reload } = useLoad(() => call(api.GET('/v1/me/sessions')), 'sessions');
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function revoke(session: Session) {
    setBusyId(session.id);
    setError(null);
    setNotice(null);
    const result = await call(
      api.DELETE('/v1/me/sessions/{sessionId}', { params: { path: { sessionId: session.id } } }),
    );
    setBusyId(null);
    // Already gone (expired or signed out elsewhere) is the outcome the person wanted.
    if (!result.ok && result.error.code !== 'NOT_FOUND') return setError(result.error);
    setData((data) => ({ items: data.items.filter((item) => item.id !== session.id) }));
    setNotice(`Signed out ${describeUserAgent(session.userAgent)}.`);
  }

  async function revokeOthers(others: Session[]) {
    const ok = await confirm({
      title: `Sign out ${others.length === 1 ? 'the other session' : `all ${others.length} other sessions`}?`,
      body: 'Those devices will have to log in again. This device stays signed in.',
      confirmLabel: 'Sign them out',
    });
    if (!ok) return;
    setBusyId('others');
    setError(null);
    setNotice(null);
    for (const session of others) {
      const result = await call(
        api.DELETE('/v1/me/sessions/{sessionId}', { params: { path: { sessionId: session.id } } }),
      );
      if (!result.ok && result.error.code !== 'NOT_FOUND') {
        setError(result.error);
        break;
      }
    }
    setBusyId(null);
    await reload();
    setNotice('Your other sessions are signed out.');
  }

  async function signOutHere() {
    setBusyId('current');
    await signOut();
    router.push('/');
  }

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Browsers and devices where you are signed in. Sign out any you do not recognise, then change your password."
      />
      {state.status === 'loading' ? <LoadingBlock label="Loading your sessions…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' ? (
        <SessionTable
          sessions={state.data.items}
          busyId={busyId}
          error={error}
          notice={notice}
          onRevoke={revoke}
          onRevokeOthers={revokeOthers}
          onSignOutHere={signOutHere}
        />
      ) : null}
    </>
  );
}

function SessionTable({
  sessions,
  busyId,
  error,
  notice,
  onRevoke,
  onRevokeOthers,
  onSignOutHere,
}: {
  sessions: Session[];
  busyId: string | null;
  error: ApiError | null;
  notice: string | null;
  onRevoke: (session: Session) => void;
  onRevokeOthers: (others: Session[]) => void;
  onSignOutHere: () => void;
}) {
  // The current session first, then the most recently used.
  const sorted = [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
  const others = sorted.filter((s) => !s.current);
  if (sorted.length === 0) return <EmptyState title="No active sessions" />;

  return (
    <div className="space-y-4">
      <ErrorAlert error={error} />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <ul className="divide-y divide-line rounded-lg border border-line bg-white shadow-sm" data-testid="sessions">
        {sorted.map((session) => (
          <li key={session.id} className="flex flex-wrap items-start justify-between gap-4 p-5" data-testid="session">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {describeUserAgent(session.userAgent)}
                {session.current ? <Badge tone="brand">This device</Badge> : null}
                {session.method === 'oidc' ? <Badge>Single sign-on</Badge> : null}
              </p>
              <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm text-muted sm:grid-cols-[auto_1fr]">
                <dt>IP address</dt>
                <dd className="font-mono text-ink">{session.ip ?? 'unknown'}</dd>
                <dt>Signed in</dt>
                <dd className="text-ink">{formatDateTime(session.createdAt)}</dd>
                <dt>Last active</dt>
                <dd className="text-ink">{formatDateTime(session.lastSeenAt)}</dd>
                <dt>Expires</dt>
                <dd className="text-ink">{formatDateTime(session.expiresAt)}</dd>
              </dl>
            </div>
            {session.current ? (
              <Button variant="secondary" size="sm" onClick={onSignOutHere} busy={busyId === 'current'}>
                Sign out
              </Button>
            ) : (
              <Button
                variant="danger"
                size="sm"
                onClick={() => onRevoke(session)}
                busy={busyId === session.id}
                disabled={busyId === 'others'}
                aria-label={`Sign out ${describeUserAgent(session.userAgent)}, last active ${formatDateTime(session.lastSeenAt)}`}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <Button variant="secondary" onClick={() => onRevokeOthers(others)} busy={busyId === 'others'}>
          Sign out all other sessions
        </Button>
      ) : (
        <p className="text-sm text-muted">You are not signed in anywhere else.</p>
      )}
    </div>
  );
}
