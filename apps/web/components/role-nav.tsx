'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from './session';

const linkClasses = 'text-muted hover:text-brand-700 aria-[current=page]:text-brand-800';

/** The participant's pages in the header (social accounts are in the account menu). */
const participantLinks = [
  { href: '/me/campaigns', label: 'My campaigns', testId: 'nav-my-campaigns' },
  { href: '/me/submissions', label: 'My submissions', testId: 'nav-my-submissions' },
  { href: '/me/earnings', label: 'Earnings', testId: 'nav-earnings' },
] as const;

/**
 * Header links that depend on who is signed in: a participant's campaigns, posts and earnings; the review queue
 * for reviewers and admins.
 */
export function RoleNavLinks() {
  const { state } = useSession();
  const pathname = usePathname();
  if (state.status !== 'signed_in') return null;
  const roles = state.info.user.roles;
  const within = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const links: { href: string; label: string; testId: string }[] = [
    ...(roles.includes('participant') ? participantLinks : []),
    ...(roles.includes('reviewer') || roles.includes('admin')
      ? [{ href: '/review', label: 'Review', testId: 'nav-review' }]
      : []),
  ];
  return (
    <>
      {links.map((link) => (
        <li key={link.href}>
          <Link
            href={link.href}
            aria-current={within(link.href) ? 'page' : undefined}
            className={linkClasses}
            data-testid={link.testId}
          >
            {link.label}
          </Link>
        </li>
      ))}
    </>
  );
}
