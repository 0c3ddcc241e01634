import type { ReactNode } from 'react';

/** The narrow centred card of the sign-in, sign-up and mailed-link pages. */
export function AuthShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={`mx-auto w-full px-4 py-12 sm:py-16 ${wide ? 'max-w-xl' : 'max-w-md'}`}>
      <div className="rounded-xl border border-line bg-white p-6 shadow-sm sm:p-8">{children}</div>
    </div>
  );
}

/** First value of a search parameter (`?a=1&a=2` gives "1"). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
