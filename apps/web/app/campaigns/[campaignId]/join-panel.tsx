'use client';

// "Join": a visitor is sent to log in or sign up (and back here); a participant applies with the social accounts
// they choose (declaring one first if needed). In auto and allowlist mode the answer is an approved participation
// with its tracking link; in manual mode the brand decides.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../../components/session';
import { AddSocialAccountForm } from '../../../components/social-account-form';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Section,
  buttonClasses,
} from '../../../components/ui';
import { api, call, type ApiError, type Participation, type SocialAccount } from '../../../lib/api';
import { platformLabels, type PublicCampaign, type SocialPlatform } from '../../../lib/campaigns';
import { formatDateTime } from '../../../lib/format';
import { loginHref } from '../../../lib/return-to';
import { useLoad } from '../../../lib/use-load';

export function JoinPanel({ campaign }: { campaign: PublicCampaign }) {
  const { state } = useSession();
  const here = `/campaigns/${campaign.id}`;
  return (
    <Section id="join" title="Join this campaign">
      {state.status === 'loading' ? <LoadingBlock label="Checking your session…" /> : null}
      {state.status === 'signed_out' || state.status === 'error' ? (
        <div data-testid="join-signed-out">
          <p className="text-sm text-muted">
            Log in with a participant account to apply with your YouTube, TikTok, Instagram or X account.
          </p>
          <div className="mt-4 flex flex-wrap gap-2">
            <Link href={loginHref(here)} className={buttonClasses('primary')}>
              Log in to join
            </Link>
            <Link href={`/signup?returnTo=${encodeURIComponent(here)}`} className={buttonClasses('secondary')}>
              Create an account
            </Link>
          </div>
        </div>
      ) : null}
      {state.status === 'signed_in' ? (
        state.info.user.roles.includes('participant') ? (
          <ParticipantJoin campaign={campaign} />
        ) : (
          <p className="text-sm text-muted">
            Joining is for participant accounts. Yours is signed in as{' '}
            {state.info.user.roles.length > 0 ? state.info.user.roles.join(', ') : 'an account without roles'}.
          </p>
        )
      ) : null}
    </Section>
  );
}

/** Why a campaign does not take participants now, from what the public page knows. */
function closedReason(campaign: PublicCampaign): string {
  if (campaign.state === 'paused') return 'The brand has paused this campaign.';
  if (campaign.state !== 'published') return 'This campaign has ended.';
  if (campaign.startsAt && Date.parse(campaign.startsAt) > Date.now()) {
    return `It opens on ${formatDateTime(campaign.startsAt)}.`;
  }
  if (campaign.slotsLeft === 0) return 'Every slot is taken.';
  return 'It is not taking new participants right now.';
}

const notRunning = (error: ApiError) => error.code === 'ROUTE_NOT_FOUND';

function ParticipantJoin({ campaign }: { campaign: PublicCampaign }) {
  // "Am I in already?": the first page of my campaigns, newest first, is enough for a campaign I can still act on.
  const mine = useLoad(() => call(api.GET('/v1/me/participations', { params: { query: { limit: 100 } } })), 'mine');
  const [joined, setJoined] = useState<Participation | null>(null);

  if (mine.state.status === 'loading') return <LoadingBlock label="Loading your campaigns…" />;
  if (mine.state.status === 'error') {
    if (notRunning(mine.state.error)) return <NotAvailable />;
    return <LoadError error={mine.state.error} onRetry={() => void mine.reload()} />;
  }
  const existing = joined ?? mine.state.data.items.find((p) => p.campaign.id === campaign.id) ?? null;
  if (existing && existing.state !== 'withdrawn') return <Joined participation={existing} />;
  if (!campaign.acceptingParticipants) {
    return (
      <Alert tone="info" title="Not open for new participants">
        {closedReason(campaign)}
      </Alert>
    );
  }
  return <ApplyForm campaign={campaign} onJoined={setJoined} />;
}

function NotAvailable() {
  return (
    <Alert tone="info" title="Joining is not available on this server yet">
      This server does not run the participation service yet. Come back soon.
    </Alert>
  );
}

function Joined({ participation }: { participation: Participation }) {
  const waiting = participation.state === 'applied';
  const rejected = participation.state === 'rejected';
  return (
    <div className="space-y-3 text-sm" data-testid="joined">
      <p className="flex items-center gap-2">
        Your participation:{' '}
        <Badge tone={rejected ? 'danger' : waiting ? 'warning' : 'success'}>{participation.state}</Badge>
      </p>
      {waiting ? <p className="text-muted">The brand approves each application; you will get an email.</p> : null}
      {rejected && participation.stateReason ? (
        <p className="text-red-700">Reason: {participation.stateReason}</p>
      ) : null}
      {!waiting && !rejected ? (
        <>
          <p className="text-muted">Your tracking link (use it in captions and bios):</p>
          <p className="rounded-md bg-canvas px-3 py-2 font-mono text-xs break-all">{participation.trackingLink}</p>
          <CopyButton text={participation.trackingLink} label="Copy link" />
        </>
      ) : null}
    </div>
  );
}

function ApplyForm({ campaign, onJoined }: { campaign: PublicCampaign; onJoined: (p: Participation) => void }) {
  const accounts = useLoad(() => call(api.GET('/v1/me/social-accounts')), 'social-accounts');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (accounts.state.status === 'loading') return <LoadingBlock label="Loading your social accounts…" />;
  if (accounts.state.status === 'error') {
    if (notRunning(accounts.state.error)) return <NotAvailable />;
    return <LoadError error={accounts.state.error} onRetry={() => void accounts.reload()} />;
  }
  const usable = accounts.state.data.items.filter((a) => campaign.platforms.includes(a.platform));
  const other = accounts.state.data.items.length - usable.length;

  async function apply(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call(
      api.POST('/v1/campaigns/{campaignId}/participations', {
        params: { path: { campaignId: campaign.id } },
        body: { socialAccountIds: chosen },
      }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onJoined(result.data);
  }

  return (
    <div className="space-y-5">
      {usable.length > 0 ? (
        <form onSubmit={apply} noValidate className="space-y-3" data-testid="apply-form">
          <ErrorAlert error={error} />
          <fieldset>
            <legend className="text-sm font-medium">Apply with</legend>
            <ul className="mt-2 space-y-2">
              {usable.map((account) => (
                <li key={account.id}>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-brand-700"
                      checked={chosen.includes(account.id)}
                      onChange={(e) =>
                        setChosen((list) =>
                          e.target.checked ? [...list, account.id] : list.filter((id) => id !== account.id),
                        )
                      }
                    />
                    {platformLabels[account.platform]} <span className="font-mono">@{account.handle}</span>
                    {account.verified ? <Badge tone="success">verified</Badge> : null}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <Button type="submit" busy={busy} busyLabel="Applying…" disabled={chosen.length === 0}>
            {campaign.approvalMode === 'manual' ? 'Apply' : 'Join now'}
          </Button>
          <p className="text-xs text-muted">
            {campaign.approvalMode === 'manual'
              ? 'The brand approves each application.'
              : campaign.approvalMode === 'allowlist'
                ? 'Only people the brand listed can join.'
                : 'You join at once while slots last.'}
          </p>
        </form>
      ) : (
        <p className="text-sm text-muted">
          Add the account you will post from first
          {other > 0
            ? ` (your ${other === 1 ? 'account is' : 'accounts are'} on platforms this campaign does not use)`
            : ''}
          .
        </p>
      )}
      <AddSocialAccount
        platforms={campaign.platforms}
        onAdded={(account) => {
          accounts.setData((data) => ({ items: [...data.items, account] }));
          setChosen((list) => [...list, account.id]);
        }}
      />
    </div>
  );
}

function AddSocialAccount({
  platforms,
  onAdded,
}: {
  platforms: readonly SocialPlatform[];
  onAdded: (account: SocialAccount) => void;
}) {
  return (
    <details className="rounded-md border border-line bg-canvas p-3 text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">Add a social account</summary>
      <div className="mt-3">
        <AddSocialAccountForm platforms={platforms} onAdded={onAdded} />
      </div>
    </details>
  );
}
