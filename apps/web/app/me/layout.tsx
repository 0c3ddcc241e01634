import type { ReactNode } from 'react';
import { RequireSession } from '../../components/session';
import { SubNav } from '../../components/sub-nav';

const participantPages = [
  { href: '/me/campaigns', label: 'My campaigns' },
  { href: '/me/submissions', label: 'My submissions' },
  { href: '/me/earnings', label: 'Earnings' },
  { href: '/me/social-accounts', label: 'Social accounts' },
] as const;

export default function ParticipantLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <RequireSession role="participant">
        <div className="grid gap-8 lg:grid-cols-[13rem_minmax(0,1fr)]">
          <SubNav label="Your participation" items={participantPages} />
          <div className="min-w-0">{children}</div>
        </div>
      </RequireSession>
    </div>
  );
}
