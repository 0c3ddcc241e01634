'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { roleLabels } from '../lib/api';
import { useSession } from './session';

/** Site-wide notice for held roles that stay inactive until 2FA is on (admin, finance). */
export function TwoFactorBanner() {
  const { state } = useSession();
  const pathname = usePathname();
  if (state.status !== 'signed_in') return null;
  const waiting = state.info.rolesNeedingTwoFactor;
  if (waiting.length === 0) return null;
  const names = waiting.map((role) => roleLabels[role].toLowerCase()).join(' and ');
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50" data-testid="two-factor-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-amber-950 sm:px-6">
        <p>
          <strong className="font-semibold">
            Your {names} {waiting.length > 1 ? 'roles are' : 'role is'} inactive.
          </strong>{' '}
          {waiting.length > 1 ? 'They need' : 'It needs'} two-factor authentication on your account.
        </p>
        {pathname === '/account/two-factor' ? null : (
          <Link
            href="/account/two-factor"
            className="rounded-md bg-amber-900 px-3 py-1.5 font-semibold text-white hover:bg-amber-950"
          >
            Set up two-factor authentication
          </Link>
        )}
      </div>
    </div>
  );
}
