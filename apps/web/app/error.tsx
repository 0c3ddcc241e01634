'use client';

import Link from 'next/link';
import { useEffect } from 'react';

// Server errors reach the browser with a generic message and a digest; the digest is what an operator
// needs to find the full error in the server logs, so it is the one detail worth showing.
function errorDigest(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('digest' in error)) return undefined;
  return typeof error.digest === 'string' ? error.digest : undefined;
}

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = errorDigest(error);

  return (
    <section role="alert" aria-labelledby="error-heading" className="mx-auto max-w-2xl px-4 py-24 text-center sm:px-6">
      <h1 id="error-heading" className="text-3xl font-bold tracking-tight sm:text-4xl">
        Something went wrong
      </h1>
      <p className="mt-4 text-muted">
        This page could not be shown. It may be a temporary problem: try again, or come back in a moment.
      </p>
      {digest ? (
        <p className="mt-2 text-sm text-muted">
          Error reference: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <div className="mt-8 flex flex-wrap justify-center gap-4">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-md bg-brand-700 px-5 py-3 text-sm font-semibold text-white hover:bg-brand-800"
        >
          Try again
        </button>
        <Link
          href="/"
          className="rounded-md border border-line bg-white px-5 py-3 text-sm font-semibold text-ink hover:border-brand-600 hover:text-brand-700"
        >
          Go to the home page
        </Link>
      </div>
    </section>
  );
}
