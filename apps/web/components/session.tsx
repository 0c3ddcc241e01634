'use client';

// The signed-in session as the browser knows it. It is fetched on load (GET /v1/auth/session) and kept in memory
// only: the session cookie is httpOnly, and the CSRF token lives in this context (and in the API client), never in
// storage a script on another page could read.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  api,
  call,
  effectiveRoles,
  setApiHooks,
  setCsrfToken,
  type ApiError,
  type ApiResult,
  type Role,
  type SessionInfo,
  type User,
} from '../lib/api';
import { loginHref } from '../lib/return-to';
import { LoadError, LoadingBlock, buttonClasses } from './ui';

export type SessionState =
  | { status: 'loading' }
  /** `byUser`: this tab signed out on purpose (pages then go home rather than to the login page). */
  | { status: 'signed_out'; byUser?: boolean }
  | { status: 'signed_in'; info: SessionInfo }
  | { status: 'error'; error: ApiError };

type SessionContextValue = {
  state: SessionState;
  /** Fetches the session again; answers the new state. */
  refresh: () => Promise<SessionState>;
  /** After a sign-in answered signed_in: remembers its CSRF token and loads the full session. */
  signedIn: (csrfToken: string) => Promise<SessionState>;
  signOut: () => Promise<ApiResult<unknown>>;
  /** Replaces the user after a profile change, without a round trip. */
  setUser: (user: User) => void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const stateRef = useRef<SessionState>(state);

  const apply = useCallback((next: SessionState) => {
    setCsrfToken(next.status === 'signed_in' ? next.info.csrfToken : undefined);
    stateRef.current = next;
    setState(next);
    return next;
  }, []);

  const refresh = useCallback(async (): Promise<SessionState> => {
    const result = await call(api.GET('/v1/auth/session'));
    if (result.ok) return apply({ status: 'signed_in', info: result.data });
    if (result.status === 401) return apply({ status: 'signed_out' });
    // A failed background check (API restarting, network blip) must not sign anyone out of the page.
    if (stateRef.current.status === 'signed_in') return stateRef.current;
    return apply({ status: 'error', error: result.error });
  }, [apply]);

  const signedIn = useCallback(
    async (csrfToken: string) => {
      setCsrfToken(csrfToken);
      return refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    const result = await call(api.POST('/v1/auth/logout'));
    apply({ status: 'signed_out', byUser: true });
    return result;
  }, [apply]);

  const setUser = useCallback(
    (user: User) => {
      const current = stateRef.current;
      if (current.status === 'signed_in') apply({ status: 'signed_in', info: { ...current.info, user } });
    },
    [apply],
  );

  useEffect(() => {
    void refresh();
    const unhook = setApiHooks({
      refreshCsrfToken: async () => {
        const next = await refresh();
        return next.status === 'signed_in' ? next.info.csrfToken : undefined;
      },
      onUnauthenticated: () => void refresh(),
    });
    // Coming back to the tab re-checks: the session may have been signed out elsewhere in the meantime.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && stateRef.current.status !== 'loading') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      unhook();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  const value = useMemo(
    () => ({ state, refresh, signedIn, signOut, setUser }),
    [state, refresh, signedIn, signOut, setUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The session of a page rendered inside <RequireSession>, which guarantees it is signed in. */
export function useSignedIn(): SessionInfo & { refresh: () => Promise<SessionState>; setUser: (user: User) => void } {
  const { state, refresh, setUser } = useSession();
  if (state.status !== 'signed_in') throw new Error('useSignedIn must be used inside <RequireSession>');
  return { ...state.info, refresh, setUser };
}

/**
 * Renders its children only for a signed-in visitor. A visitor without a session is sent to the login page
 * with a returnTo back here; with `role` (one role, or a list of which any will do), a visitor lacking it sees
 * why instead of the page.
 */
export function RequireSession({ children, role }: { children: ReactNode; role?: Role | readonly Role[] }) {
  const { state, refresh } = useSession();
  const router = useRouter();
  const pathname = usePathname();

  const byUser = state.status === 'signed_out' && state.byUser === true;
  useEffect(() => {
    if (state.status !== 'signed_out') return;
    router.replace(byUser ? '/' : loginHref(`${pathname}${window.location.search}`));
  }, [state.status, byUser, router, pathname]);

  if (state.status === 'loading') return <LoadingBlock label="Checking your session…" />;
  if (state.status === 'signed_out') return <LoadingBlock label="Taking you to the login page…" />;
  if (state.status === 'error') return <LoadError error={state.error} onRetry={() => void refresh()} />;

  const wanted: readonly Role[] = role === undefined ? [] : typeof role === 'string' ? [role] : role;
  const wantedText = wanted.join(' or ');
  if (wanted.length > 0 && !wanted.some((r) => state.info.user.roles.includes(r))) {
    return (
      <div className="rounded-lg border border-line bg-white p-6">
        <h1 className="text-xl font-semibold">This page is not available to your account</h1>
        <p className="mt-2 text-muted">
          It needs the {wantedText} role. Ask an administrator if you think you should have it.
        </p>
        <Link href="/account" className={`${buttonClasses('secondary')} mt-4`}>
          Go to your account
        </Link>
      </div>
    );
  }
  if (wanted.length > 0 && !wanted.some((r) => effectiveRoles(state.info).includes(r))) {
    const held = wanted.filter((r) => state.info.user.roles.includes(r)).join(' and ');
    return (
      <div className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-950">
        <h1 className="text-xl font-semibold">Turn on two-factor authentication first</h1>
        <p className="mt-2">
          Your {held} role stays inactive until your account has two-factor authentication. It takes a minute with an
          authenticator app.
        </p>
        <Link href="/account/two-factor" className={`${buttonClasses('primary')} mt-4`}>
          Set up two-factor authentication
        </Link>
      </div>
    );
  }
  return <>{children}</>;
}
