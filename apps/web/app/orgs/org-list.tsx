'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { TextField, useFormErrors } from '../../components/form';
import { useSignedIn } from '../../components/session';
import {
  Badge,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  PageHeader,
  Section,
} from '../../components/ui';
import { api, call, effectiveRoles } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { orgRoleLabel } from './org-roles';

export function OrgList() {
  const session = useSignedIn();
  const canCreate = effectiveRoles(session).some((role) => role === 'brand' || role === 'admin');
  const { state, reload } = useLoad(() => call(api.GET('/v1/orgs')), 'orgs');

  return (
    <>
      <PageHeader
        title="Organizations"
        description="A brand team works in an organization: it owns the campaigns, and its members have roles in it."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
        <Section id="my-orgs" title="Your organizations">
          {state.status === 'loading' ? <LoadingBlock label="Loading your organizations…" /> : null}
          {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
          {state.status === 'ready' && state.data.items.length === 0 ? (
            <EmptyState title="You are not in any organization yet">
              {canCreate
                ? 'Create one for your brand, then invite your team.'
                : 'When a brand invites you, the invitation link in your email adds you here.'}
            </EmptyState>
          ) : null}
          {state.status === 'ready' && state.data.items.length > 0 ? (
            <ul className="divide-y divide-line" data-testid="org-list">
              {state.data.items.map((org) => (
                <li key={org.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <Link
                      href={`/orgs/${org.id}`}
                      className="font-medium text-brand-800 underline-offset-2 hover:underline"
                    >
                      {org.name}
                    </Link>
                    <p className="text-xs text-muted">
                      {org.slug} · since {formatDate(org.createdAt)}
                    </p>
                  </div>
                  <div className="flex items-center gap-3">
                    <Link
                      href={`/orgs/${org.id}/campaigns`}
                      className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      Campaigns
                    </Link>
                    {org.myRole ? <Badge tone="brand">{orgRoleLabel(org.myRole)}</Badge> : <Badge>Admin access</Badge>}
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
        {canCreate ? (
          <CreateOrgForm />
        ) : (
          <Section id="create-org" title="Create an organization">
            <p className="text-sm text-muted">
              Organizations are for brand accounts. Ask an administrator if your account should be a brand.
            </p>
          </Section>
        )}
      </div>
    </>
  );
}

function CreateOrgForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError } = useFormErrors(['name']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call(api.POST('/v1/orgs', { body: { name } }));
    if (!result.ok) {
      setBusy(false);
      return showError(result.error);
    }
    router.push(`/orgs/${result.data.id}`);
  }

  return (
    <Section
      id="create-org"
      title="Create an organization"
      description="You become its owner and can invite your team."
    >
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        <ErrorAlert error={formError} />
        <TextField
          id="name"
          label="Name"
          autoComplete="organization"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors['name']}
          required
        />
        <Button type="submit" busy={busy} busyLabel="Creating…">
          Create organization
        </Button>
      </form>
    </Section>
  );
}
