'use client';

// The social accounts I post from: declared here (or while joining a campaign), used to apply to campaigns.
// One that a live participation uses cannot be removed (the API answers 409 and says so).
import { useState } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { AddSocialAccountForm } from '../../../components/social-account-form';
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
} from '../../../components/ui';
import { api, call, type ApiError, type SocialAccount } from '../../../lib/api';
import { platformLabels } from '../../../lib/campaigns';
import { formatDate } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

export function SocialAccounts() {
  const confirm = useConfirm();
  const { state, reload, setData } = useLoad(() => call(api.GET('/v1/me/social-accounts')), 'social-accounts');
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function remove(account: SocialAccount) {
    const name = `${platformLabels[account.platform]} @${account.handle}`;
    const ok = await confirm({
      title: `Remove ${name}?`,
      body: 'You will no longer be able to apply to campaigns with it. Add it again at any time.',
      confirmLabel: 'Remove',
      destructive: true,
    });
    if (!ok) return;
    setBusyId(account.id);
    setError(null);
    setNotice(null);
    const result = await call(
      api.DELETE('/v1/me/social-accounts/{socialAccountId}', { params: { path: { socialAccountId: account.id } } }),
    );
    setBusyId(null);
    // A 409 says which campaign still relies on it ("@cleocreates is used by a campaign you are in; …").
    if (!result.ok) return setError(result.error);
    setData((data) => ({ items: data.items.filter((a) => a.id !== account.id) }));
    setNotice(`${name} was removed.`);
  }

  return (
    <>
      <PageHeader
        title="Social accounts"
        description="The accounts you post from. You apply to campaigns with them; ownership is verified when tracking starts."
      />
      <div className="space-y-6">
        <Section id="accounts" title="Your accounts">
          <ErrorAlert error={error} className="mb-4" />
          {notice ? (
            <Alert tone="success" className="mb-4">
              {notice}
            </Alert>
          ) : null}
          {state.status === 'loading' ? <LoadingBlock label="Loading your accounts…" /> : null}
          {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
          {state.status === 'ready' && state.data.items.length === 0 ? (
            <EmptyState title="No social accounts yet">Add the account you post from below.</EmptyState>
          ) : null}
          {state.status === 'ready' && state.data.items.length > 0 ? (
            <ul className="divide-y divide-line" data-testid="social-accounts">
              {state.data.items.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 font-medium">
                      {platformLabels[a.platform]} <span className="font-mono">@{a.handle}</span>
                      {a.verified ? <Badge tone="success">verified</Badge> : <Badge>declared</Badge>}
                    </p>
                    <p className="text-xs text-muted">Added {formatDate(a.createdAt)}</p>
                  </div>
                  <Button
                    variant="danger"
                    size="sm"
                    onClick={() => void remove(a)}
                    busy={busyId === a.id}
                    aria-label={`Remove ${platformLabels[a.platform]} @${a.handle}`}
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
        <Section id="add-account" title="Add an account">
          <div className="max-w-md">
            <AddSocialAccountForm
              onAdded={(account) => {
                setNotice(null);
                setData((data) => ({ items: [...data.items, account] }));
              }}
            />
          </div>
        </Section>
      </div>
    </>
  );
}
