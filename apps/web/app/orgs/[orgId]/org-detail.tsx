'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { SelectField, TextField, useFormErrors } from '../../../components/form';
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
  Section,
  buttonClasses,
} from '../../../components/ui';
import {
  api,
  call,
  effectiveRoles,
  type ApiError,
  type Org,
  type OrgInvitation,
  type OrgMember,
  type OrgRole,
} from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { orgRoleLabel, orgRoles } from '../org-roles';

export function OrgDetail({ orgId }: { orgId: string }) {
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } })),
    `org:${orgId}`,
  );

  if (state.status === 'loading') return <LoadingBlock label="Loading the organization…" />;
  if (state.status === 'error') {
    // A malformed id, a missing org and someone else's org all look the same from here.
    if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') return <OrgNotFound />;
    return <LoadError error={state.error} onRetry={() => void reload()} />;
  }
  return <OrgView org={state.data} />;
}

export function OrgNotFound() {
  return (
    <div className="rounded-lg border border-line bg-white p-6">
      <h1 className="text-xl font-semibold">Organization not found</h1>
      <p className="mt-2 text-muted">It does not exist, or you are not a member of it.</p>
      <Link href="/orgs" className={`${buttonClasses('secondary')} mt-4`}>
        Your organizations
      </Link>
    </div>
  );
}

function OrgView({ org }: { org: Org }) {
  const session = useSignedIn();
  const isAdmin = effectiveRoles(session).includes('admin');
  const canManage = org.myRole === 'owner' || isAdmin;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/orgs" className="text-brand-700 underline">
          ← Organizations
        </Link>
      </p>
      <PageHeader
        title={org.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm">{org.slug}</span>
            {org.myRole ? (
              <Badge tone="brand">Your role: {orgRoleLabel(org.myRole)}</Badge>
            ) : (
              <Badge>Admin access (not a member)</Badge>
            )}
          </span>
        }
      />
      <div className="space-y-6">
        <CampaignsLink org={org} canCreate={isAdmin || org.myRole === 'owner' || org.myRole === 'manager'} />
        <Members org={org} canManage={canManage} myUserId={session.user.id} />
        {canManage ? <Invitations org={org} /> : null}
      </div>
    </>
  );
}

function CampaignsLink({ org, canCreate }: { org: Org; canCreate: boolean }) {
  return (
    <Section
      id="campaigns"
      title="Campaigns"
      description="Drafts, campaigns in review, live and finished campaigns of this organization."
      actions={
        <div className="flex flex-wrap gap-2">
          <Link
            href={`/orgs/${org.id}/campaigns`}
            className={buttonClasses('secondary')}
            data-testid="org-campaigns-link"
          >
            View campaigns
          </Link>
          {canCreate ? (
            <Link href={`/orgs/${org.id}/campaigns/new`} className={buttonClasses('primary')}>
              New campaign
            </Link>
          ) : null}
        </div>
      }
    >
      <p className="text-sm text-muted">
        A campaign is a funded offer: a rate per 1,000 views, a budget, caps, rules, dates and a brief.
      </p>
    </Section>
  );
}

function Members({ org, canManage, myUserId }: { org: Org; canManage: boolean; myUserId: string }) {
  const router = useRouter();
  const confirm = useConfirm();
  const { state, setData, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/members', { params: { path: { orgId: org.id } } })),
    `members:${org.id}`,
  );
  const [draft, setDraft] = useState<Record<string, OrgRole>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function saveRole(member: OrgMember) {
    const role = draft[member.userId];
    if (!role || role === member.role) return;
    setBusyId(`role:${member.userId}`);
    setError(null);
    setNotice(null);
    const result = await call(
      api.PATCH('/v1/orgs/{orgId}/members/{userId}', {
        params: { path: { orgId: org.id, userId: member.userId } },
        body: { role },
      }),
    );
    setBusyId(null);
    if (!result.ok) return setError(result.error);
    setData((data) => ({ items: data.items.map((m) => (m.userId === member.userId ? result.data : m)) }));
    setDraft(({ [member.userId]: _, ...rest }) => rest);
    setNotice(`${member.displayName} is now ${orgRoleLabel(result.data.role).toLowerCase()}.`);
  }

  async function remove(member: OrgMember) {
    const self = member.userId === myUserId;
    const ok = await confirm({
      title: self ? `Leave ${org.name}?` : `Remove ${member.displayName}?`,
      body: self
        ? 'You lose access to its campaigns. An owner can invite you again.'
        : `${member.displayName} (${member.email}) loses access to this organization's campaigns at once.`,
      confirmLabel: self ? 'Leave' : 'Remove',
      destructive: true,
    });
    if (!ok) return;
    setBusyId(`remove:${member.userId}`);
    setError(null);
    setNotice(null);
    const result = await call(
      api.DELETE('/v1/orgs/{orgId}/members/{userId}', { params: { path: { orgId: org.id, userId: member.userId } } }),
    );
    setBusyId(null);
    if (!result.ok) return setError(result.error);
    if (self) return router.push('/orgs');
    setData((data) => ({ items: data.items.filter((m) => m.userId !== member.userId) }));
    setNotice(`${member.displayName} was removed.`);
  }

  return (
    <Section id="members" title="Members">
      <ErrorAlert error={error} className="mb-4" />
      {notice ? (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {state.status === 'loading' ? <LoadingBlock label="Loading members…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? <EmptyState title="No members" /> : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="members-table">
            <caption className="sr-only">Members of {org.name}</caption>
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Member
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Role
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Joined
                </th>
                <th scope="col" className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {state.data.items.map((member) => {
                const self = member.userId === myUserId;
                const chosen = draft[member.userId] ?? member.role;
                return (
                  <tr key={member.userId}>
                    <th scope="row" className="py-3 pr-4 align-top font-medium">
                      {member.displayName} {self ? <span className="font-normal text-muted">(you)</span> : null}
                      <span className="block text-xs font-normal text-muted">{member.email}</span>
                    </th>
                    <td className="py-3 pr-4 align-top">
                      {canManage ? (
                        <div className="flex flex-wrap items-center gap-2">
                          <label htmlFor={`role-${member.userId}`} className="sr-only">
                            Role of {member.displayName}
                          </label>
                          <select
                            id={`role-${member.userId}`}
                            value={chosen}
                            onChange={(e) => setDraft((d) => ({ ...d, [member.userId]: e.target.value as OrgRole }))}
                            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                          >
                            {orgRoles.map((role) => (
                              <option key={role.value} value={role.value}>
                                {role.label}
                              </option>
                            ))}
                          </select>
                          {chosen !== member.role ? (
                            <Button
                              size="sm"
                              onClick={() => saveRole(member)}
                              busy={busyId === `role:${member.userId}`}
                            >
                              Save
                            </Button>
                          ) : null}
                        </div>
                      ) : (
                        <Badge tone="brand">{orgRoleLabel(member.role)}</Badge>
                      )}
                    </td>
                    <td className="py-3 pr-4 align-top text-muted">{formatDate(member.joinedAt)}</td>
                    <td className="py-3 text-right align-top">
                      {canManage || self ? (
                        <Button
                          variant="danger"
                          size="sm"
                          onClick={() => remove(member)}
                          busy={busyId === `remove:${member.userId}`}
                          aria-label={self ? `Leave ${org.name}` : `Remove ${member.displayName}`}
                        >
                          {self ? 'Leave' : 'Remove'}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {canManage ? (
            <p className="mt-3 text-xs text-muted">An organization always keeps at least one owner.</p>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}

const statusTone = { pending: 'warning', accepted: 'success', revoked: 'neutral', expired: 'neutral' } as const;

function Invitations({ org }: { org: Org }) {
  const confirm = useConfirm();
  const { state, setData, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/invitations', { params: { path: { orgId: org.id } } })),
    `invitations:${org.id}`,
  );
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function revoke(invitation: OrgInvitation) {
    const ok = await confirm({
      title: `Revoke the invitation for ${invitation.email}?`,
      body: 'The link in their email stops working. You can invite them again later.',
      confirmLabel: 'Revoke invitation',
      destructive: true,
    });
    if (!ok) return;
    setBusyId(invitation.id);
    setError(null);
    const result = await call(
      api.DELETE('/v1/orgs/{orgId}/invitations/{invitationId}', {
        params: { path: { orgId: org.id, invitationId: invitation.id } },
      }),
    );
    setBusyId(null);
    if (!result.ok) return setError(result.error);
    setData((data) => ({
      items: data.items.map((i) => (i.id === invitation.id ? { ...i, status: 'revoked' as const } : i)),
    }));
  }

  return (
    <Section
      id="invitations"
      title="Invitations"
      description="Invite teammates by email. The link is valid for 7 days and works only for that address."
    >
      <InviteForm org={org} onInvited={(invitation) => setData((data) => ({ items: [invitation, ...data.items] }))} />
      <div className="mt-6 border-t border-line pt-6">
        <ErrorAlert error={error} className="mb-4" />
        {state.status === 'loading' ? <LoadingBlock label="Loading invitations…" /> : null}
        {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
        {state.status === 'ready' && state.data.items.length === 0 ? (
          <EmptyState title="No invitations yet">Invitations you send appear here until they are used.</EmptyState>
        ) : null}
        {state.status === 'ready' && state.data.items.length > 0 ? (
          <ul className="divide-y divide-line" data-testid="invitations">
            {state.data.items.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium">{invitation.email}</p>
                  <p className="text-xs text-muted">
                    {orgRoleLabel(invitation.role)} · sent {formatDate(invitation.createdAt)} · expires{' '}
                    {formatDate(invitation.expiresAt)}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <Badge tone={statusTone[invitation.status]}>{invitation.status}</Badge>
                  {invitation.status === 'pending' ? (
                    <Button
                      variant="danger"
                      size="sm"
                      onClick={() => revoke(invitation)}
                      busy={busyId === invitation.id}
                      aria-label={`Revoke the invitation for ${invitation.email}`}
                    >
                      Revoke
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Section>
  );
}

function InviteForm({ org, onInvited }: { org: Org; onInvited: (invitation: OrgInvitation) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('manager');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { formRef, fieldErrors, formError, showError, clear } = useFormErrors(['email', 'role']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSentTo(null);
    const result = await call(
      api.POST('/v1/orgs/{orgId}/invitations', { params: { path: { orgId: org.id } }, body: { email, role } }),
    );
    setBusy(false);
    if (!result.ok) return showError(result.error);
    clear();
    setEmail('');
    setSentTo(result.data.email);
    onInvited(result.data);
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" data-testid="invite-form">
      <ErrorAlert error={formError} />
      {sentTo ? <Alert tone="success">Invitation sent to {sentTo}.</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start">
        <TextField
          id="invite-email"
          label="Email"
          type="email"
          autoComplete="off"
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors['email']}
          required
        />
        <SelectField
          id="invite-role"
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as OrgRole)}
          error={fieldErrors['role']}
          hint={orgRoles.find((r) => r.value === role)?.body}
        >
          {orgRoles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="sm:mt-6" busy={busy} busyLabel="Sending…">
          Send invitation
        </Button>
      </div>
    </form>
  );
}
