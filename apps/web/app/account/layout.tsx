import type { ReactNode } from 'react';
import { RequireSession } from '../../components/session';
import { SubNav } from '../../components/sub-nav';

const items = [
  { href: '/account', label: 'Profile and password' },
  { href: '/account/two-factor', label: 'Two-factor authentication' },
  { href: '/account/sessions', label: 'Sessions' },
  { href: '/account/api-tokens', label: 'API tokens' },
] as const;

export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <RequireSession>
        <div className="grid gap-8 lg:grid-cols-[15rem_minmax(0,1fr)]">
          <SubNav label="Account settings" items={items} />
          <div className="min-w-0">{children}</div>
        </div>
      </RequireSession>
    </div>
  );
}
