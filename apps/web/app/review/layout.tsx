import type { ReactNode } from 'react';
import { RequireSession } from '../../components/session';

export default function ReviewLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <RequireSession role={['reviewer', 'admin']}>{children}</RequireSession>
    </div>
  );
}
