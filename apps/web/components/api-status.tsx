'use client';

import { useEffect, useState } from 'react';

type Status = 'checking' | 'ok' | 'unreachable';

// Long enough for a cold API, short enough that a visitor is not left with "checking" forever.
const TIMEOUT_MS = 5_000;

const labels: Record<Status, string> = {
  checking: 'API: checking…',
  ok: 'API: ok',
  unreachable: 'API: unreachable',
};

const dotClasses: Record<Status, string> = {
  checking: 'bg-slate-400',
  ok: 'bg-emerald-500',
  unreachable: 'bg-red-500',
};

async function probeApi(signal: AbortSignal): Promise<Status> {
  try {
    const response = await fetch('/api/healthz', { cache: 'no-store', signal });
    if (!response.ok) return 'unreachable';
    const body: unknown = await response.json();
    const healthy = typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
    return healthy ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** Shows whether the API behind /api answers its liveness probe, as seen from this browser. */
export function ApiStatus() {
  const [status, setStatus] = useState<Status>('checking');

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let active = true;
    void probeApi(controller.signal).then((result) => {
      if (active) setStatus(result);
    });
    return () => {
      active = false;
      clearTimeout(timer);
      controller.abort();
    };
  }, []);

  return (
    <p
      data-testid="api-status"
      data-status={status}
      role="status"
      className="inline-flex items-center gap-2 rounded-full border border-line bg-white px-3 py-1 text-xs font-medium text-muted"
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dotClasses[status]}`} />
      {labels[status]}
    </p>
  );
}
