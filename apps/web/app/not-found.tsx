import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = {
  title: 'Page not found',
};

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-heading" className="mx-auto max-w-2xl px-4 py-24 text-center sm:px-6">
      <p className="font-mono text-sm font-semibold text-brand-700">404</p>
      <h1 id="not-found-heading" className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">
        Page not found
      </h1>
      <p className="mt-4 text-muted">
        The page you asked for does not exist or has moved. Check the address, or start again from one of these.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-4">
        <Link
          href="/"
          className="rounded-md bg-brand-700 px-5 py-3 text-sm font-semibold text-white hover:bg-brand-800"
        >
          Go to the home page
        </Link>
        <Link
          href="/campaigns"
          className="rounded-md border border-line bg-white px-5 py-3 text-sm font-semibold text-ink hover:border-brand-600 hover:text-brand-700"
        >
          Browse campaigns
        </Link>
      </div>
    </section>
  );
}
