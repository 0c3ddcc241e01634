'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useSession } from './session';
import { Spinner } from './ui';

const itemClasses =
  'block w-full rounded px-3 py-2 text-left text-sm text-ink hover:bg-brand-50 hover:text-brand-800 aria-[current=page]:font-semibold aria-[current=page]:text-brand-800';

/**
 * The header's account area: Log in / Sign up, or the signed-in person's name opening a small navigation list
 * (a disclosure, not an ARIA menu: its entries are ordinary links reachable with Tab).
 */
export function AccountMenu() {
  const { state, signOut } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const panelId = useId();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (state.status === 'loading') {
    // Holds the space so the header does not jump when the session arrives.
    return <span aria-hidden="true" className="inline-block h-8 w-32" />;
  }

  if (state.status !== 'signed_in') {
    return (
      <div className="flex items-center gap-3">
        <Link href="/login" className="rounded-md px-2 py-1.5 text-muted hover:text-brand-700">
          Log in
        </Link>
        <Link
          href="/signup"
          className="rounded-md border border-brand-700 px-3 py-1.5 text-brand-700 hover:bg-brand-50"
        >
          Sign up
        </Link>
      </div>
    );
  }

  const { user } = state.info;
  const isAdmin = user.roles.includes('admin');
  const reviews = isAdmin || user.roles.includes('reviewer');
  const links = [
    { href: '/account', label: 'Account' },
    ...(user.roles.includes('participant')
      ? [
          { href: '/me/campaigns', label: 'My campaigns' },
          { href: '/me/earnings', label: 'Earnings' },
          { href: '/me/social-accounts', label: 'Social accounts' },
        ]
      : []),
    { href: '/orgs', label: user.roles.includes('brand') ? 'Organizations and campaigns' : 'Organizations' },
    ...(reviews ? [{ href: '/review', label: 'Review queue' }] : []),
    ...(isAdmin ? [{ href: '/admin/users', label: 'Admin' }] : []),
  ];

  async function handleSignOut() {
    setSigningOut(true);
    await signOut();
    setSigningOut(false);
    setOpen(false);
    router.push('/');
  }

  return (
    <div ref={wrapperRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex max-w-[16rem] items-center gap-2 rounded-md border border-line px-3 py-1.5 text-ink hover:border-brand-600"
        data-testid="account-menu-button"
      >
        <span
          aria-hidden="true"
          className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-bold text-brand-900"
        >
          {initialOf(user.displayName)}
        </span>
        <span className="truncate" data-testid="account-menu-name">
          {user.displayName}
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-muted" focusable="false">
          <path d="m5 8 5 5 5-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-60 rounded-lg border border-line bg-white p-2 shadow-lg"
      >
        <p className="truncate px-3 pb-2 pt-1 text-xs text-muted" title={user.email}>
          Signed in as <span className="font-medium text-ink">{user.email}</span>
        </p>
        <ul className="border-t border-line pt-2">
          {links.map((link) => (
            <li key={link.href}>
              <Link
                href={link.href}
                className={itemClasses}
                aria-current={pathname === link.href ? 'page' : undefined}
                onClick={() => setOpen(false)}
              >
                {link.label}
              </Link>
            </li>
          ))}
          <li className="mt-2 border-t border-line pt-2">
            <button
              type="button"
              className={`${itemClasses} flex items-center gap-2`}
              onClick={handleSignOut}
              disabled={signingOut}
              data-testid="sign-out"
            >
              {signingOut ? <Spinner /> : null}
              Sign out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}

function initialOf(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}
