// Presentational pieces shared by the identity pages. No state here except CopyButton's feedback.
'use client';

import { useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react';
import type { ApiError } from '../lib/api';
import { messageOf } from '../lib/api';

type Variant = 'primary' | 'secondary' | 'danger' | 'danger-solid' | 'ghost';

const variantClasses: Record<Variant, string> = {
  primary: 'bg-brand-700 text-white shadow-sm hover:bg-brand-800',
  secondary: 'border border-line bg-white text-ink hover:border-brand-600 hover:text-brand-700',
  danger: 'border border-red-200 bg-white text-red-700 hover:border-red-400 hover:bg-red-50',
  'danger-solid': 'bg-red-700 text-white shadow-sm hover:bg-red-800',
  ghost: 'text-brand-700 hover:bg-brand-50',
};

export function buttonClasses(variant: Variant = 'primary', size: 'md' | 'sm' = 'md'): string {
  const sizing = size === 'sm' ? 'px-3 py-1.5 text-sm' : 'px-4 py-2 text-sm';
  return `inline-flex items-center justify-center gap-2 rounded-md font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${sizing} ${variantClasses[variant]}`;
}

export function Button({
  variant = 'primary',
  size = 'md',
  busy = false,
  busyLabel,
  className = '',
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  size?: 'md' | 'sm';
  busy?: boolean;
  busyLabel?: string;
}) {
  return (
    <button
      type={type}
      className={`${buttonClasses(variant, size)} ${className}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <Spinner /> : null}
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}

export function Spinner({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`animate-spin ${className}`} focusable="false">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

type Tone = 'error' | 'success' | 'info' | 'warning';

const toneClasses: Record<Tone, string> = {
  error: 'border-red-200 bg-red-50 text-red-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  info: 'border-brand-200 bg-brand-50 text-brand-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
};

/** A message box. Errors are announced at once (role=alert); the rest politely (role=status). */
export function Alert({
  tone,
  title,
  children,
  className = '',
  id,
  testId,
}: {
  tone: Tone;
  title?: string;
  children?: ReactNode;
  className?: string;
  id?: string;
  testId?: string;
}) {
  return (
    <div
      id={id}
      data-testid={testId}
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-4 py-3 text-sm ${toneClasses[tone]} ${className}`}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : ''}>{children}</div> : null}
    </div>
  );
}

export function ErrorAlert({ error, className }: { error: ApiError | null | undefined; className?: string }) {
  if (!error) return null;
  return (
    <Alert tone="error" className={className} testId="form-error">
      {messageOf(error)}
    </Alert>
  );
}

export function LoadingBlock({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-3 py-8 text-sm text-muted">
      <Spinner className="h-5 w-5 text-brand-700" />
      {label}
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <Alert tone="error" title="This could not be loaded">
      <p>{messageOf(error)}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-canvas px-6 py-10 text-center">
      <p className="font-medium text-ink">{title}</p>
      {children ? <div className="mt-2 text-sm text-muted">{children}</div> : null}
    </div>
  );
}

export function PageHeader({ title, description, id }: { title: string; description?: ReactNode; id?: string }) {
  return (
    <div className="mb-8">
      <h1 id={id} className="text-2xl font-bold tracking-tight sm:text-3xl">
        {title}
      </h1>
      {description ? <div className="mt-2 max-w-2xl text-muted">{description}</div> : null}
    </div>
  );
}

/** A titled card; the heading names the region for assistive technology. */
export function Section({
  id,
  title,
  description,
  children,
  actions,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-line bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <div className="mt-1 text-sm text-muted">{description}</div> : null}
        </div>
        {actions}
      </div>
      <div className="mt-5">{children}</div>
    </section>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'brand' | 'warning' | 'danger' | 'success';
}) {
  const classes = {
    neutral: 'bg-slate-100 text-slate-700',
    brand: 'bg-brand-100 text-brand-900',
    warning: 'bg-amber-100 text-amber-900',
    danger: 'bg-red-100 text-red-800',
    success: 'bg-emerald-100 text-emerald-900',
  }[tone];
  return (
    <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${classes}`}>
      {children}
    </span>
  );
}

/** Copies `text`; the result is announced. Falls back to selecting a hidden field where the Clipboard API is absent. */
export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = copyWithSelection(text);
    }
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 4000);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={copy} data-testid={testId}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" focusable="false">
          <rect x="6" y="6" width="10" height="11" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M4 13V4.8A1.8 1.8 0 0 1 5.8 3H12" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        {label}
      </Button>
      <span role="status" className="text-xs text-muted">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it' : ''}
      </span>
    </span>
  );
}

function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'fixed -left-[9999px] top-0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Previous/next for cursor-paginated lists. */
export function Pager({
  page,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  busy,
  label,
}: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  busy?: boolean;
  label: string;
}) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-4 text-sm">
      <Button variant="secondary" size="sm" onClick={onPrevious} disabled={!hasPrevious || busy}>
        ← Previous
      </Button>
      <span className="text-muted">Page {page}</span>
      <Button variant="secondary" size="sm" onClick={onNext} disabled={!hasNext || busy}>
        Next →
      </Button>
    </nav>
  );
}

/** A stack of cursors: page n is loaded with cursors[n-1]. Reset when the filters change. */
export function useCursorPager() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setCursors((stack) => [...stack, cursor]),
    previous: () => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    reset: () => setCursors([undefined]),
  };
}
