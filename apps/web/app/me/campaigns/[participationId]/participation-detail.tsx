'use client';

// One of my campaigns: its tracking link, what each post needs, the form to submit a post's link, the posts
// submitted so far, and "Withdraw" while that is still allowed.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useConfirm } from '../../../../components/dialogs';
import { TextAreaField, TextField } from '../../../../components/form';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Section,
  buttonClasses,
} from '../../../../components/ui';
import { api, call, type ApiError, type Participation } from '../../../../lib/api';
import { platformLabels, type PublicCampaign } from '../../../../lib/campaigns';
import { formatDateTime } from '../../../../lib/format';
import {
  SUBMITTING_STATES,
  WITHDRAWABLE_STATES,
  participationStateLabels,
  submissionUrlError,
} from '../../../../lib/participation';
import { useLoad } from '../../../../lib/use-load';
import { SubmissionList } from '../../submissions/submission-list';

export function ParticipationDetail({ participationId }: { participationId: string }) {
  const { state, reload, setData } = useLoad(
    () => call(api.GET('/v1/me/participations/{participationId}', { params: { path: { participationId } } })),
    `my-participation:${participationId}`,
  );
  if (state.status === 'loading') return <LoadingBlock label="Loading the campaign…" />;
  if (state.status === 'error') {
    if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') {
      return (
        <EmptyState title="This campaign is not among yours">
          <Link href="/me/campaigns" className={`${buttonClasses('secondary')} mt-4`}>
            Back to my campaigns
          </Link>
        </EmptyState>
      );
    }
    return <LoadError error={state.error} onRetry={() => void reload()} />;
  }
  return <ParticipationView participation={state.data} onChange={(next) => setData(() => next)} reload={reload} />;
}

function ParticipationView({
  participation: p,
  onChange,
  reload,
}: {
  participation: Participation;
  onChange: (next: Participation) => void;
  reload: () => Promise<void>;
}) {
  const confirm = useConfirm();
  const [submitted, setSubmitted] = useState(0);
  const [withdrawing, setWithdrawing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const label = participationStateLabels[p.state];
  const canPost = SUBMITTING_STATES.includes(p.state);
  const linkShown = p.state !== 'applied' && p.state !== 'rejected' && p.state !== 'withdrawn';

  async function withdraw() {
    const ok = await confirm({
      title: `Leave ${p.campaign.title}?`,
      body: 'Your slot is freed for someone else and your tracking link stops counting. You can apply again later if the campaign still has room.',
      confirmLabel: 'Withdraw',
      destructive: true,
    });
    if (!ok) return;
    setWithdrawing(true);
    setError(null);
    const result = await call(
      api.POST('/v1/me/participations/{participationId}/withdraw', { params: { path: { participationId: p.id } } }),
    );
    setWithdrawing(false);
    if (!result.ok) return setError(result.error);
    onChange(result.data);
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href="/me/campaigns" className="text-brand-700 underline-offset-2 hover:underline">
          ← My campaigns
        </Link>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl" data-testid="participation-title">
            {p.campaign.title}
          </h1>
          <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-muted">
            <span data-testid="participation-state" data-state={p.state}>
              <Badge tone={label.tone}>{label.label}</Badge>
            </span>
            <span>{label.body}</span>
            <Link href={`/campaigns/${p.campaign.id}`} className="text-brand-700 hover:underline">
              Campaign page and brief
            </Link>
          </p>
          {p.stateReason ? <p className="mt-1 text-sm text-red-700">Reason: {p.stateReason}</p> : null}
        </div>
        {WITHDRAWABLE_STATES.includes(p.state) ? (
          <Button variant="danger" onClick={withdraw} busy={withdrawing} data-testid="withdraw">
            Withdraw
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={error} className="mb-6" />

      <div className="space-y-6">
        {linkShown ? (
          <Section
            id="tracking-link"
            title="Your tracking link"
            description="Put it in your captions and bios: clicks on it are counted for you."
          >
            <div className="flex flex-wrap items-center gap-3">
              <span
                className="min-w-0 flex-1 rounded-md bg-canvas px-3 py-2 font-mono text-sm break-all"
                data-testid="tracking-link"
              >
                {p.trackingLink}
              </span>
              <CopyButton text={p.trackingLink} label="Copy link" />
            </div>
            {p.socialAccounts.length > 0 ? (
              <p className="mt-3 text-sm text-muted">
                Joined with{' '}
                {p.socialAccounts.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 ? ', ' : ''}
                    {platformLabels[a.platform]} <span className="font-mono">@{a.handle}</span>
                  </span>
                ))}
                .
              </p>
            ) : null}
          </Section>
        ) : null}

        <Requirements campaignId={p.campaign.id} />

        {canPost ? (
          <Section
            id="submit-post"
            title="Submit a post"
            description={
              <>
                Paste the link of your published post on {p.campaign.platforms.map((x) => platformLabels[x]).join(', ')}
                . {p.submissionCount} submitted
                {p.maxSubmissions !== null ? ` of ${p.maxSubmissions} allowed` : ''}.
              </>
            }
          >
            <SubmitPostForm
              participationId={p.id}
              onSubmitted={() => {
                setSubmitted((n) => n + 1);
                void reload();
              }}
            />
          </Section>
        ) : null}

        <Section id="my-posts" title="Your posts in this campaign" description="Newest first.">
          <SubmissionList
            participationId={p.id}
            showCampaign={false}
            refreshKey={submitted}
            emptyState={
              <EmptyState title="No posts submitted yet">
                {canPost ? 'Publish your post, then paste its link above.' : null}
              </EmptyState>
            }
          />
        </Section>

        <p className="text-xs text-muted">
          Joined {formatDateTime(p.createdAt)}
          {p.decidedAt ? ` · decided ${formatDateTime(p.decidedAt)}` : ''}
        </p>
      </div>
    </>
  );
}

/** What each post needs, from the campaign's public page (not shown if the campaign is no longer public). */
function Requirements({ campaignId }: { campaignId: string }) {
  const { state } = useLoad<PublicCampaign>(
    () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    `public-campaign:${campaignId}`,
  );
  if (state.status !== 'ready') return null;
  const { requirements } = state.data;
  const rules = [
    requirements.hashtags.length > 0 ? { label: 'Hashtags', value: requirements.hashtags.join(' ') } : null,
    requirements.mentions.length > 0 ? { label: 'Mentions', value: requirements.mentions.join(' ') } : null,
    requirements.disclosure ? { label: 'Ad disclosure', value: requirements.disclosure } : null,
    requirements.linkInCaption
      ? { label: 'Tracking link', value: 'Put your tracking link in the caption', plain: true }
      : null,
  ].filter((r): r is { label: string; value: string; plain?: boolean } => r !== null);
  if (rules.length === 0) return null;
  return (
    <Alert tone="warning" title="Each post needs" testId="requirements-reminder">
      <ul className="space-y-1">
        {rules.map((rule) => (
          <li key={rule.label}>
            <span className="font-medium">{rule.label}:</span>{' '}
            <span className={rule.plain ? '' : 'font-mono'}>{rule.value}</span>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function SubmitPostForm({ participationId, onSubmitted }: { participationId: string; onSubmitted: () => void }) {
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [urlError, setUrlError] = useState<string | undefined>();
  const [noteError, setNoteError] = useState<string | undefined>();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setUrlError(undefined);
    setNoteError(undefined);
    setFormError(null);
    setDone(false);
    if (url.trim() === '') return setUrlError('Paste the link of your post.');
    setBusy(true);
    const trimmedNote = note.trim();
    const result = await call(
      api.POST('/v1/me/participations/{participationId}/submissions', {
        params: { path: { participationId } },
        body: { url: url.trim(), ...(trimmedNote ? { note: trimmedNote } : {}) },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      const forUrl = submissionUrlError(result.error);
      const issues = (result.error.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues;
      const forNote = issues?.find((i) => i.path === 'body.note')?.message;
      if (forUrl) setUrlError(forUrl);
      if (forNote) setNoteError(`Note ${forNote}`);
      if (!forUrl && !forNote) setFormError(result.error);
      // Focus the field to fix, as the other forms do.
      document.getElementById(forUrl ? 'post-url' : forNote ? 'post-note' : 'post-url')?.focus();
      return;
    }
    setUrl('');
    setNote('');
    setDone(true);
    onSubmitted();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="submit-post-form">
      <ErrorAlert error={formError} />
      {done ? (
        <Alert tone="success" testId="submit-post-done">
          Submitted. It is verified first, then its views are tracked.
        </Alert>
      ) : null}
      <TextField
        id="post-url"
        label="Link to your post"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://www.youtube.com/shorts/…"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={urlError}
        hint="YouTube watch, shorts or youtu.be; TikTok video or short link; Instagram reel or post; X post."
        required
      />
      <TextAreaField
        id="post-note"
        label="Note for the brand (optional)"
        rows={2}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={noteError}
      />
      <Button type="submit" busy={busy} busyLabel="Submitting…">
        Submit post
      </Button>
    </form>
  );
}
