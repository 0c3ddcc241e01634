import type { ReactNode } from 'react';
import { RequireSession } from '../../components/session';
import { SubNav } from '../../components/sub-nav';

const items = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/mail', label: 'Mail outbox' },
] as const;

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <RequireSession role="admin">
        <div className="grid gap-8 lg:grid-cols-[12rem_minmax(0,1fr)]">
          <div>
            <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wider text-muted">Administration</p>
            <SubNav label="Administration" items={items} />
          </div>
          <div className="min-w-0">{children}</div>
        </div>
      </RequireSession>
    </div>
  );
}
