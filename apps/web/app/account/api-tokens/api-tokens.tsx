'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { FieldError, SelectField, TextField, useFormErrors } from '../../../components/form';
import {
  Badge,
  Button,
  CopyButton,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  PageHeader,
  Section,
} from '../../../components/ui';
import { api, call, type ApiError, type ApiToken, type ApiTokenScope } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

const scopes: readonly { value: ApiTokenScope; label: string; body: string }[] = [
  { value: 'read', label: 'Read', body: 'See your data: profile, orgs, campaigns and earnings.' },
  { value: 'write', label: 'Write', body: 'Make changes on your behalf, such as creating and editing campaigns.' },
];

const expiryChoices = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never (not recommended)' },
] as const;

export function ApiTokens() {
  const confirm = useConfirm();
  const { state, setData, reload } = useLoad(() => call(api.GET('/v1/me/api-tokens')), 'tokens');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function revoke(token: ApiToken) {
    const ok = await confirm({
      title: `Revoke “${token.name}”?`,
      body: 'Anything still using this token stops working at once. This cannot be undone.',
      confirmLabel: 'Revoke token',
      destructive: true,
    });
    if (!ok) return;
    setBusyId(token.id);
    setError(null);
    const result = await call(api.DELETE('/v1/me/api-tokens/{tokenId}', { params: { path: { tokenId: token.id } } }));
    setBusyId(null);
    if (!result.ok && result.error.code !== 'NOT_FOUND') return setError(result.error);
    setData((data) => ({ items: data.items.filter((item) => item.id !== token.id) }));
  }

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens let your own scripts and integrations call the API as you. Send one as{' '}
            <code className="rounded bg-white px-1 font-mono text-xs text-ink">Authorization: Bearer crt_…</code>.
            Tokens cannot change your password, email or 2FA.
          </>
        }
      />
      <div className="space-y-6">
        {created ? (
          <CreatedToken name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm
            onCreated={(token, secret) => {
              setCreated({ name: token.name, secret });
              setData((data) => ({ items: [token, ...data.items] }));
            }}
          />
        )}
        <Section id="tokens" title="Your tokens">
          <ErrorAlert error={error} className="mb-4" />
          {state.status === 'loading' ? <LoadingBlock label="Loading your tokens…" /> : null}
          {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
          {state.status === 'ready' && state.data.items.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one above when an integration needs access.</EmptyState>
          ) : null}
          {state.status === 'ready' && state.data.items.length > 0 ? (
            <TokenTable tokens={state.data.items} busyId={busyId} onRevoke={revoke} />
          ) : null}
        </Section>
      </div>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: ApiToken, secret: string) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ApiTokenScope[]>(['read']);
  const [expiry, setExpiry] = useState<(typeof expiryChoices)[number]['value']>('90');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError, showFieldErrors } = useFormErrors([
    'name',
    'scopes',
    'expiresInDays',
  ]);

  function toggle(scope: ApiTokenScope) {
    setChosen((current) => (current.includes(scope) ? current.filter((s) => s !== scope) : [...current, scope]));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.length === 0) return showFieldErrors({ scopes: 'Choose at least one scope' });
    setBusy(true);
    const body = { name, scopes: chosen, expiresInDays: expiry === 'never' ? null : Number(expiry) };
    const result = await call(api.POST('/v1/me/api-tokens', { body }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    setName('');
    setChosen(['read']);
    onCreated(result.data.token, result.data.secret);
  }

  const scopesErrorId = fieldErrors['scopes'] ? 'scopes-error' : undefined;
  return (
    <Section id="create-token" title="Create a token">
      <form ref={formRef} onSubmit={submit} noValidate className="max-w-lg space-y-5" data-testid="create-token-form">
        <ErrorAlert error={formError} />
        <TextField
          id="name"
          label="Name"
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors['name']}
          hint="What will use it, e.g. “Reporting spreadsheet”."
          required
        />
        <fieldset aria-describedby={scopesErrorId}>
          <legend className="text-sm font-medium">Scopes</legend>
          <div className="mt-2 space-y-2">
            {scopes.map((scope) => (
              <label key={scope.value} className="flex items-start gap-3 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 h-4 w-4 accent-brand-700"
                  checked={chosen.includes(scope.value)}
                  onChange={() => toggle(scope.value)}
                  aria-invalid={fieldErrors['scopes'] ? true : undefined}
                />
                <span>
                  <span className="font-medium">{scope.label}</span>
                  <span className="block text-muted">{scope.body}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id={scopesErrorId} error={fieldErrors['scopes']} />
        </fieldset>
        <SelectField
          id="expiresInDays"
          label="Expires after"
          className="max-w-xs"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value as typeof expiry)}
          error={fieldErrors['expiresInDays']}
        >
          {expiryChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={busy} busyLabel="Creating…">
          Create token
        </Button>
      </form>
    </Section>
  );
}

function CreatedToken({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section
      aria-labelledby="created-token-heading"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-6"
      data-testid="created-token"
    >
      <h2
        id="created-token-heading"
        ref={headingRef}
        tabIndex={-1}
        className="text-lg font-semibold focus:outline-none"
      >
        Token “{name}” created
      </h2>
      <p className="mt-1 text-sm text-emerald-950">
        Copy it now and store it somewhere safe. <strong>You will not be able to see it again.</strong>
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <code
          className="max-w-full rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-sm break-all"
          data-testid="token-secret"
        >
          {secret}
        </code>
        <CopyButton text={secret} label="Copy token" />
      </div>
      <Button className="mt-5" variant="secondary" onClick={onDone}>
        Done
      </Button>
    </section>
  );
}

function TokenTable({
  tokens,
  busyId,
  onRevoke,
}: {
  tokens: ApiToken[];
  busyId: string | null;
  onRevoke: (token: ApiToken) => void;
}) {
  const now = Date.now();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="tokens-table">
        <caption className="sr-only">Your API tokens</caption>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Scopes
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Last used
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Expires
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {tokens.map((token) => {
            const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() < now;
            return (
              <tr key={token.id}>
                <th scope="row" className="py-3 pr-4 align-top font-medium">
                  {token.name}
                  <span className="block font-mono text-xs font-normal text-muted">{token.prefix}…</span>
                </th>
                <td className="py-3 pr-4 align-top">
                  <span className="flex flex-wrap gap-1">
                    {token.scopes.map((scope) => (
                      <Badge key={scope} tone="brand">
                        {scope}
                      </Badge>
                    ))}
                  </span>
                </td>
                <td className="py-3 pr-4 align-top text-muted">
                  {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}
                </td>
                <td className="py-3 pr-4 align-top">
                  {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
                  {expired ? (
                    <span className="ml-2">
                      <Badge tone="danger">Expired</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="py-3 text-right align-top">
                  <Button
                    variant="danger"
                    size="sm"
                    onClick={() => onRevoke(token)}
                    busy={busyId === token.id}
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
