'use client';

// Declaring a social account (platform + handle): on the campaign page's Join panel and on /me/social-accounts.
// Ownership is verified when tracking starts; the API checks the handle's shape per platform.
import { useState, type FormEvent } from 'react';
import { api, call, type SocialAccount } from '../lib/api';
import { allPlatforms, platformLabels, type SocialPlatform } from '../lib/campaigns';
import { SelectField, TextField, useFormErrors } from './form';
import { Button, ErrorAlert } from './ui';

export function AddSocialAccountForm({
  platforms = allPlatforms,
  onAdded,
  submitLabel = 'Add account',
}: {
  platforms?: readonly SocialPlatform[];
  onAdded: (account: SocialAccount) => void;
  submitLabel?: string;
}) {
  const [platform, setPlatform] = useState<SocialPlatform>(platforms[0] ?? 'youtube');
  const [handle, setHandle] = useState('');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError, clear } = useFormErrors(['platform', 'handle']);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call(api.POST('/v1/me/social-accounts', { body: { platform, handle } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    clear();
    setHandle('');
    onAdded(result.data);
  }

  return (
    <form ref={formRef} onSubmit={add} noValidate className="space-y-3" data-testid="add-social-account">
      <ErrorAlert error={formError} />
      <SelectField
        id="social-platform"
        label="Platform"
        value={platform}
        onChange={(e) => setPlatform(e.target.value as SocialPlatform)}
        error={fieldErrors['platform']}
      >
        {platforms.map((p) => (
          <option key={p} value={p}>
            {platformLabels[p]}
          </option>
        ))}
      </SelectField>
      <TextField
        id="social-handle"
        label="Handle"
        placeholder="@yourname"
        autoComplete="off"
        spellCheck={false}
        maxLength={31}
        value={handle}
        onChange={(e) => setHandle(e.target.value)}
        error={fieldErrors['handle']}
        hint="Ownership is checked when tracking starts."
      />
      <Button type="submit" variant="secondary" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
