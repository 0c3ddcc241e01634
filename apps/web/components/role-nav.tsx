'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from './session';

/** Header links that depend on who is signed in: the review queue for reviewers and admins. */
export function RoleNavLinks() {
  const { state } = useSession();
  const pathname = usePathname();
  if (state.status !== 'signed_in') return null;
  const roles = state.info.user.roles;
  if (!roles.includes('reviewer') && !roles.includes('admin')) return null;
  const current = pathname === '/review' || pathname.startsWith('/review/');
  return (
    <li>
      <Link
        href="/review"
        aria-current={current ? 'page' : undefined}
        className="text-muted hover:text-brand-700 aria-[current=page]:text-brand-800"
        data-testid="nav-review"
      >
        Review
      </Link>
    </li>
  );
}
