import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountMenu } from '../components/account-menu';
import { ConfirmProvider, ReauthDialog } from '../components/dialogs';
import { RoleNavLinks } from '../components/role-nav';
import { SessionProvider } from '../components/session';
import { TwoFactorBanner } from '../components/session-banners';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Creator Rewards', template: '%s · Creator Rewards' },
  description:
    'Open-source, self-hostable pay-per-view campaigns: brands fund a budget and a rate per 1,000 views, creators earn from verified growth.',
};

export const viewport: Viewport = {
  themeColor: '#0f766e',
};

// App routes are <Link>s; /docs stays a plain anchor: it is served by the API behind the proxy (a client-side
// navigation would request it as an app route).
const navItems: readonly { href: string; label: string; app: boolean }[] = [
  { href: '/campaigns', label: 'Campaigns', app: true },
  { href: '/#brands', label: 'For brands', app: true },
  { href: '/docs', label: 'API docs', app: false },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request headers renders every page per request, so each gets the fresh CSP nonce that proxy.ts
  // set; Next.js puts it on the scripts it emits (a prerendered page would carry none and be blocked).
  await headers();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:font-medium focus:text-brand-800 focus:shadow-lg"
        >
          Skip to content
        </a>
        {/* The session (and its CSRF token) lives in memory on the client, fetched once on load. */}
        <SessionProvider>
          <ConfirmProvider>
            <SiteHeader />
            <TwoFactorBanner />
            <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
              {children}
            </main>
            <SiteFooter />
            <ReauthDialog />
          </ConfirmProvider>
        </SessionProvider>
      </body>
    </html>
  );
}

function SiteHeader() {
  return (
    <header className="border-b border-line bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-8 gap-y-3 px-4 py-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-ink">
          <LogoMark />
          Creator Rewards
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm font-medium">
            {navItems.map((item) => (
              <li key={item.href}>
                {item.app ? (
                  <Link href={item.href} className="text-muted hover:text-brand-700">
                    {item.label}
                  </Link>
                ) : (
                  <a href={item.href} className="text-muted hover:text-brand-700">
                    {item.label}
                  </a>
                )}
              </li>
            ))}
            <RoleNavLinks />
            <li>
              <AccountMenu />
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function SiteFooter() {
  return (
    <footer className="border-t border-line bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-medium text-ink">Creator Rewards</span> is open source and self-hosted: your data, your
          ledger, your servers.
        </p>
        <nav aria-label="Developer">
          <ul className="flex flex-wrap gap-x-5 gap-y-2">
            <li>
              <a href="/docs" className="hover:text-brand-700">
                API docs
              </a>
            </li>
            <li>
              <a href="/api/openapi.json" className="hover:text-brand-700">
                OpenAPI document
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}

function LogoMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-7 w-7" focusable="false">
      <rect width="24" height="24" rx="6" className="fill-brand-700" />
      <path
        d="M7 15.5 10.5 12l2.5 2.5L17.5 9"
        fill="none"
        stroke="white"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M14 9h3.5v3.5" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
