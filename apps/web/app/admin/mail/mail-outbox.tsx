'use client';

import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { TextField } from '../../../components/form';
import { Button, EmptyState, LoadError, LoadingBlock, PageHeader, Pager, useCursorPager } from '../../../components/ui';
import { api, call, type OutboxMail } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { linkifySameOrigin } from '../../../lib/linkify';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 20;

export function MailOutbox() {
  const [to, setTo] = useState('');
  const [draft, setDraft] = useState('');
  const pager = useCursorPager();
  const query = { limit: PAGE_SIZE, ...(to ? { to } : {}), ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/admin/mail-outbox', { params: { query } })),
    JSON.stringify(query),
  );
  // Rendering links needs this page's origin, which only the browser knows.
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => setOrigin(window.location.origin), []);

  function apply(event: FormEvent) {
    event.preventDefault();
    setTo(draft.trim());
    pager.reset();
  }

  return (
    <>
      <PageHeader
        title="Mail outbox"
        description="Without a mail server configured (embedded mode), mail is kept here instead of being sent: this is where to find verification, reset and invitation links. Only links to this site are clickable."
      />
      <form
        onSubmit={apply}
        role="search"
        aria-label="Filter mail"
        className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-line bg-white p-4 shadow-sm"
      >
        <TextField
          id="mail-to"
          label="Recipient"
          type="search"
          maxLength={254}
          className="min-w-64 flex-1"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit">Filter</Button>
        <Button variant="secondary" onClick={() => void reload()}>
          Refresh
        </Button>
      </form>
      {state.status === 'loading' ? <LoadingBlock label="Loading mail…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title={to ? `No mail to ${to}` : 'No mail yet'}>
          Mail appears here when someone signs up, asks for a password reset or is invited.
        </EmptyState>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <ul className="space-y-4" data-testid="outbox">
          {state.data.items.map((mail) => (
            <MailItem key={mail.id} mail={mail} origin={origin} />
          ))}
        </ul>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Mail pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
        />
      ) : null}
    </>
  );
}

function MailItem({ mail, origin }: { mail: OutboxMail; origin: string | null }) {
  const parts = origin ? linkifySameOrigin(mail.text, origin) : [{ kind: 'text' as const, text: mail.text }];
  return (
    <li>
      <article
        aria-labelledby={`mail-${mail.id}`}
        className="rounded-lg border border-line bg-white p-5 shadow-sm"
        data-testid="outbox-mail"
      >
        <header className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={`mail-${mail.id}`} className="font-semibold">
            {mail.subject}
          </h2>
          <p className="text-xs text-muted">{formatDateTime(mail.createdAt)}</p>
        </header>
        <p className="mt-1 text-sm text-muted">
          To <span className="font-medium text-ink">{mail.to}</span>
        </p>
        <div className="mt-3 rounded-md bg-canvas p-4 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">
          {parts.map((part, index) =>
            part.kind === 'link' ? (
              // No prefetch: a mailed link is opened on purpose, once.
              <Link key={index} href={part.href} prefetch={false} className="break-all text-brand-700 underline">
                {part.text}
              </Link>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </div>
      </article>
    </li>
  );
}
