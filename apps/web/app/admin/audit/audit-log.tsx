'use client';

import { useState, type ChangeEvent, type FormEvent } from 'react';
import { TextField } from '../../../components/form';
import {
  Badge,
  Button,
  EmptyState,
  LoadError,
  LoadingBlock,
  PageHeader,
  Pager,
  useCursorPager,
} from '../../../components/ui';
import { api, call, type AuditEntry } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 50;

type Filters = { action: string; actorUserId: string; subjectType: string; subjectId: string };
const empty: Filters = { action: '', actorUserId: '', subjectType: '', subjectId: '' };

const actorTone = { user: 'brand', api_token: 'warning', system: 'neutral', anonymous: 'neutral' } as const;

export function AuditLog() {
  const [filters, setFilters] = useState<Filters>(empty);
  const [draft, setDraft] = useState<Filters>(empty);
  const pager = useCursorPager();

  const query = {
    limit: PAGE_SIZE,
    ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/admin/audit', { params: { query } })),
    JSON.stringify(query),
  );
  const filtered = Object.values(filters).some(Boolean);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({
      action: draft.action.trim(),
      actorUserId: draft.actorUserId.trim(),
      subjectType: draft.subjectType.trim(),
      subjectId: draft.subjectId.trim(),
    });
    pager.reset();
  }

  function filterBy(next: Partial<Filters>) {
    const merged = { ...filters, ...next };
    setDraft(merged);
    setFilters(merged);
    pager.reset();
  }

  const field = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, role and 2FA change and privileged action, newest first. Entries cannot be edited or deleted."
      />
      <form
        onSubmit={apply}
        role="search"
        aria-label="Filter the audit log"
        className="mb-6 rounded-lg border border-line bg-white p-4 shadow-sm"
      >
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <TextField
            id="audit-action"
            label="Action"
            placeholder="auth. or auth.login.failed"
            maxLength={100}
            hint="An exact action, or a prefix ending in a dot."
            {...field('action')}
          />
          <TextField
            id="audit-actor"
            label="Actor user id"
            maxLength={36}
            spellCheck={false}
            {...field('actorUserId')}
          />
          <TextField
            id="audit-subject-type"
            label="Subject type"
            placeholder="user, session, org…"
            maxLength={50}
            {...field('subjectType')}
          />
          <TextField
            id="audit-subject-id"
            label="Subject id"
            maxLength={100}
            spellCheck={false}
            {...field('subjectId')}
          />
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <Button type="submit">Apply filters</Button>
          {filtered ? (
            <Button variant="secondary" onClick={() => filterBy(empty)}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </form>
      {state.status === 'loading' ? <LoadingBlock label="Loading the audit log…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No entries match these filters' : 'The audit log is empty'} />
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">Audit entries, page {pager.page}</caption>
            <thead className="border-b border-line bg-canvas text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Action
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Actor
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Subject
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  IP / request
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {state.data.items.map((entry) => (
                <AuditRow key={entry.id} entry={entry} onFilter={filterBy} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Audit log pages"
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

const linkButton =
  'text-left font-mono text-xs text-brand-800 underline decoration-dotted underline-offset-2 hover:decoration-solid';

function AuditRow({ entry, onFilter }: { entry: AuditEntry; onFilter: (f: Partial<Filters>) => void }) {
  const hasDetails = Object.keys(entry.details).length > 0;
  return (
    <tr className="align-top">
      <td className="whitespace-nowrap px-4 py-3 text-muted">{formatDateTime(entry.at)}</td>
      <td className="px-4 py-3">
        <button
          type="button"
          className={linkButton}
          onClick={() => onFilter({ action: entry.action })}
          title="Show only this action"
        >
          {entry.action}
        </button>
      </td>
      <td className="px-4 py-3">
        <Badge tone={actorTone[entry.actorType]}>{entry.actorType.replace('_', ' ')}</Badge>
        {entry.actorUserId ? (
          <button
            type="button"
            className={`${linkButton} mt-1 block`}
            onClick={() => onFilter({ actorUserId: entry.actorUserId ?? '' })}
            title="Show only this actor"
          >
            {entry.actorUserId.slice(0, 8)}…
          </button>
        ) : null}
      </td>
      <td className="px-4 py-3">
        <span className="text-xs">{entry.subjectType}</span>
        {entry.subjectId ? (
          <button
            type="button"
            className={`${linkButton} block`}
            onClick={() => onFilter({ subjectType: entry.subjectType, subjectId: entry.subjectId ?? '' })}
            title="Show only this subject"
          >
            {entry.subjectId.length > 12 ? `${entry.subjectId.slice(0, 8)}…` : entry.subjectId}
          </button>
        ) : null}
      </td>
      <td className="px-4 py-3 font-mono text-xs text-muted">
        {entry.ip ?? '—'}
        {entry.requestId ? (
          <span className="block truncate" title={entry.requestId}>
            {entry.requestId.slice(0, 12)}
          </span>
        ) : null}
      </td>
      <td className="px-4 py-3">
        {hasDetails ? (
          <details>
            <summary className="cursor-pointer text-xs text-brand-700">Show</summary>
            <pre className="mt-2 max-w-sm overflow-x-auto rounded bg-canvas p-2 font-mono text-xs whitespace-pre-wrap break-all">
              {JSON.stringify(entry.details, null, 2)}
            </pre>
          </details>
        ) : (
          <span className="text-muted">—</span>
        )}
      </td>
    </tr>
  );
}
