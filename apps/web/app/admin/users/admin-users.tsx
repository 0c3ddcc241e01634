'use client';

import { Fragment, useState, type FormEvent } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { SelectField, TextField } from '../../../components/form';
import { useSignedIn } from '../../../components/session';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  PageHeader,
  Pager,
  useCursorPager,
} from '../../../components/ui';
import { allRoles, api, call, roleLabels, type AdminUser, type ApiError, type Role } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 25;

const roleNotes: Record<Role, string> = {
  admin: 'Manages users, roles and platform settings. Needs 2FA.',
  brand: 'Creates organizations and funds campaigns.',
  participant: 'Joins campaigns and earns from posts.',
  reviewer: 'Reviews participants, posts and fraud flags.',
  finance: 'Approves payouts and reconciles the ledger. Needs 2FA.',
};

type Filters = { q: string; role: Role | '' };

export function AdminUsers() {
  const [filters, setFilters] = useState<Filters>({ q: '', role: '' });
  const [draft, setDraft] = useState<Filters>(filters);
  const pager = useCursorPager();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const query = {
    limit: PAGE_SIZE,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const { state, setData, reload } = useLoad(
    () => call(api.GET('/v1/admin/users', { params: { query } })),
    JSON.stringify(query),
  );

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({ q: draft.q.trim(), role: draft.role });
    setEditing(null);
    pager.reset();
  }

  return (
    <>
      <PageHeader title="Users" description="Everyone with an account, newest first. Role changes are audited." />
      <form
        onSubmit={apply}
        role="search"
        aria-label="Filter users"
        className="mb-6 grid gap-4 rounded-lg border border-line bg-white p-4 shadow-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-end"
      >
        <TextField
          id="user-search"
          label="Email or name"
          type="search"
          maxLength={100}
          value={draft.q}
          onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
        />
        <SelectField
          id="user-role"
          label="Role"
          value={draft.role}
          onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as Role | '' }))}
        >
          <option value="">Any role</option>
          {allRoles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </SelectField>
        <Button type="submit">Search</Button>
      </form>
      {notice ? (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {state.status === 'loading' ? <LoadingBlock label="Loading users…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <EmptyState title={filters.q || filters.role ? 'No users match these filters' : 'No users yet'}>
          {filters.q || filters.role ? 'Try a shorter search or another role.' : null}
        </EmptyState>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="users-table">
            <caption className="sr-only">Users, page {pager.page}</caption>
            <thead className="border-b border-line bg-canvas text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  User
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Roles
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  2FA
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Last seen
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Joined
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {state.data.items.map((user) => (
                <Fragment key={user.id}>
                  <tr>
                    <th scope="row" className="px-4 py-3 align-top font-medium">
                      {user.displayName}
                      <span className="block text-xs font-normal text-muted">
                        {user.email}
                        {user.emailVerified ? '' : ' (not confirmed)'}
                      </span>
                    </th>
                    <td className="px-4 py-3 align-top">
                      <span className="flex flex-wrap gap-1">
                        {user.roles.length === 0 ? <span className="text-muted">none</span> : null}
                        {user.roles.map((role) => (
                          <Badge key={role} tone="brand">
                            {roleLabels[role]}
                          </Badge>
                        ))}
                      </span>
                    </td>
                    <td className="px-4 py-3 align-top">
                      {user.twoFactorEnabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
                    </td>
                    <td className="px-4 py-3 align-top">
                      {user.status === 'active' ? (
                        <Badge tone="success">Active</Badge>
                      ) : (
                        <Badge tone="danger">Disabled</Badge>
                      )}
                    </td>
                    <td className="px-4 py-3 align-top text-muted">
                      {user.lastSeenAt ? formatDateTime(user.lastSeenAt) : 'Never'}
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 align-top text-muted">{formatDate(user.createdAt)}</td>
                    <td className="px-4 py-3 text-right align-top">
                      <Button
                        className="whitespace-nowrap"
                        variant="secondary"
                        size="sm"
                        aria-expanded={editing === user.id}
                        aria-controls={`roles-editor-${user.id}`}
                        onClick={() => {
                          setNotice(null);
                          setEditing((current) => (current === user.id ? null : user.id));
                        }}
                        aria-label={`Edit roles of ${user.displayName}`}
                      >
                        {editing === user.id ? 'Close' : 'Edit roles'}
                      </Button>
                    </td>
                  </tr>
                  {editing === user.id ? (
                    <tr id={`roles-editor-${user.id}`} className="bg-canvas">
                      <td colSpan={7} className="px-4 py-4">
                        <RoleEditor
                          user={user}
                          onCancel={() => setEditing(null)}
                          onSaved={(updated) => {
                            setData((data) => ({
                              ...data,
                              items: data.items.map((u) => (u.id === updated.id ? updated : u)),
                            }));
                            setEditing(null);
                            setNotice(`Roles of ${updated.displayName} saved.`);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Users pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={() => {
            setEditing(null);
            pager.previous();
          }}
          onNext={() => {
            setEditing(null);
            if (state.data.nextCursor) pager.next(state.data.nextCursor);
          }}
        />
      ) : null}
    </>
  );
}

function RoleEditor({
  user,
  onCancel,
  onSaved,
}: {
  user: AdminUser;
  onCancel: () => void;
  onSaved: (user: AdminUser) => void;
}) {
  const me = useSignedIn();
  const confirm = useConfirm();
  const [chosen, setChosen] = useState<Role[]>(user.roles);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const self = me.user.id === user.id;
  const added = allRoles.filter((r) => chosen.includes(r) && !user.roles.includes(r));
  const removed = allRoles.filter((r) => !chosen.includes(r) && user.roles.includes(r));
  const changed = added.length > 0 || removed.length > 0;

  function toggle(role: Role) {
    setChosen((current) => (current.includes(role) ? current.filter((r) => r !== role) : [...current, role]));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    const needs2fa = added.filter((r) => r === 'admin' || r === 'finance');
    const ok = await confirm({
      title: `Change the roles of ${user.displayName}?`,
      body: (
        <ul className="list-disc space-y-1 pl-5">
          {added.length ? <li>Add: {added.map((r) => roleLabels[r]).join(', ')}</li> : null}
          {removed.length ? <li>Remove: {removed.map((r) => roleLabels[r]).join(', ')}</li> : null}
          {needs2fa.length && !user.twoFactorEnabled ? (
            <li>
              {needs2fa.map((r) => roleLabels[r]).join(' and ')} {needs2fa.length > 1 ? 'stay' : 'stays'} inactive until{' '}
              {user.displayName} turns on two-factor authentication.
            </li>
          ) : null}
          <li>The change is recorded in the audit log.</li>
        </ul>
      ),
      confirmLabel: 'Change roles',
      destructive: removed.length > 0,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    const ordered = allRoles.filter((r) => chosen.includes(r));
    const result = await call(
      api.PUT('/v1/admin/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roles: ordered } }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onSaved(result.data);
  }

  return (
    <form onSubmit={save} noValidate>
      <fieldset>
        <legend className="text-sm font-semibold">Roles of {user.displayName}</legend>
        <ErrorAlert error={error} className="mt-3" />
        <div className="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {allRoles.map((role) => {
            const locked = self && role === 'admin';
            return (
              <label key={role} className="flex items-start gap-3 rounded-md border border-line bg-white p-3 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 h-4 w-4 accent-brand-700"
                  checked={chosen.includes(role)}
                  onChange={() => toggle(role)}
                  disabled={locked}
                  aria-describedby={`role-note-${user.id}-${role}`}
                />
                <span>
                  <span className="font-medium">{roleLabels[role]}</span>
                  <span id={`role-note-${user.id}-${role}`} className="block text-xs text-muted">
                    {locked ? 'You cannot remove your own admin role.' : roleNotes[role]}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="mt-4 flex flex-wrap gap-3">
        <Button type="submit" disabled={!changed} busy={busy} busyLabel="Saving…">
          Review and save
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
