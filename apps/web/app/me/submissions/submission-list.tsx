'use client';

// The participant's posts, newest first: on "My submissions" (all of them) and on a campaign's page (that
// participation's). Each shows its status and why, its screenshots (with an upload for more) and a link to how it
// earned what it did.
import Link from 'next/link';
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { SelectField } from '../../../components/form';
import {
  Badge,
  Button,
  EmptyState,
  LoadError,
  LoadingBlock,
  Pager,
  Spinner,
  buttonClasses,
  useCursorPager,
} from '../../../components/ui';
import { api, call, messageOf, uploadFile } from '../../../lib/api';
import { formatBytes } from '../../../components/campaign-parts';
import { platformLabels } from '../../../lib/campaigns';
import { formatDateTime } from '../../../lib/format';
import { safeHttps, submissionStatusLabels, type Submission, type SubmissionStatus } from '../../../lib/participation';
import { useLoad } from '../../../lib/use-load';

const PAGE_SIZE = 20;
/** The API's limits (EVIDENCE_MAX_BYTES / EVIDENCE_MAX_FILES in packages/contracts), checked here to spare a trip. */
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const EVIDENCE_MAX_FILES = 5;
const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

const statusFilters: { value: SubmissionStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending_verification', label: 'Pending verification' },
  { value: 'tracking', label: 'Tracking' },
  { value: 'rejected', label: 'Rejected' },
];

export function SubmissionList({
  participationId,
  showCampaign,
  refreshKey = 0,
  emptyState,
}: {
  participationId?: string;
  showCampaign: boolean;
  /** Bumped by the page after a new post was submitted, to load the list again. */
  refreshKey?: number;
  emptyState: ReactNode;
}) {
  const [filter, setFilter] = useState<SubmissionStatus | ''>('');
  const pager = useCursorPager();
  const query = {
    limit: PAGE_SIZE,
    ...(filter ? { status: filter } : {}),
    ...(participationId ? { participationId } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const { state, reload, setData } = useLoad(
    () => call(api.GET('/v1/me/submissions', { params: { query } })),
    `my-submissions:${JSON.stringify(query)}:${refreshKey}`,
  );
  const replace = (next: Submission) =>
    setData((data) => ({ ...data, items: data.items.map((s) => (s.id === next.id ? next : s)) }));

  return (
    <div>
      <SelectField
        id={participationId ? 'participation-submission-filter' : 'submission-filter'}
        label="Status"
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value as SubmissionStatus | '');
          pager.reset();
        }}
        className="mb-4 w-60"
      >
        {statusFilters.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </SelectField>
      {state.status === 'loading' ? <LoadingBlock label="Loading your posts…" /> : null}
      {state.status === 'error' ? <LoadError error={state.error} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        filter ? (
          <EmptyState title="No posts with this status" />
        ) : (
          emptyState
        )
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <ul className="divide-y divide-line" data-testid="my-submissions">
          {state.data.items.map((s) => (
            <SubmissionItem key={s.id} submission={s} showCampaign={showCampaign} onChange={replace} />
          ))}
        </ul>
      ) : null}
      {state.status === 'ready' ? (
        <Pager
          label="Post pages"
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={state.data.nextCursor !== null}
          onPrevious={pager.previous}
          onNext={() => state.data.nextCursor && pager.next(state.data.nextCursor)}
        />
      ) : null}
    </div>
  );
}

function SubmissionItem({
  submission: s,
  showCampaign,
  onChange,
}: {
  submission: Submission;
  showCampaign: boolean;
  onChange: (next: Submission) => void;
}) {
  const href = safeHttps(s.canonicalUrl);
  const status = submissionStatusLabels[s.status];
  return (
    <li className="py-4" data-testid="my-submission" data-submission-id={s.id}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="min-w-0 flex-1">
          <p className="font-medium">
            {platformLabels[s.platform]} post
            {showCampaign ? (
              <>
                <span className="font-normal text-muted"> for </span>
                <Link href={`/campaigns/${s.campaign.id}`} className="text-brand-700 hover:underline">
                  {s.campaign.title}
                </Link>
              </>
            ) : null}
          </p>
          {href ? (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="block truncate font-mono text-xs text-brand-700 underline"
              data-testid="submission-url"
            >
              {s.canonicalUrl}
            </a>
          ) : (
            <p className="truncate font-mono text-xs" data-testid="submission-url">
              {s.canonicalUrl}
            </p>
          )}
          <p className="mt-0.5 text-xs text-muted">Submitted {formatDateTime(s.createdAt)}</p>
          {s.statusReason ? (
            <p className={`mt-1 text-sm ${s.status === 'rejected' ? 'text-red-700' : 'text-muted'}`}>
              {s.status === 'rejected' ? 'Reason: ' : ''}
              {s.statusReason}
            </p>
          ) : null}
          {s.note ? <p className="mt-1 text-sm whitespace-pre-line">Your note: “{s.note}”</p> : null}
          <Evidence submission={s} onChange={onChange} />
        </div>
        <div className="flex flex-wrap items-center gap-2 sm:shrink-0 sm:flex-col sm:items-end">
          <Badge tone={status.tone}>{status.label}</Badge>
          <Link
            href={`/me/submissions/${s.id}/earnings`}
            className={buttonClasses('ghost', 'sm')}
            data-testid="earnings-link"
          >
            How it earns →
          </Link>
        </div>
      </div>
    </li>
  );
}

/** Screenshots of the post (e.g. its view count), images only; the API re-encodes them and says why it refuses one. */
function Evidence({ submission, onChange }: { submission: Submission; onChange: (next: Submission) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const full = submission.evidence.length >= EVIDENCE_MAX_FILES;

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setRefusal(null);
    if (!file.type.startsWith('image/')) return setRefusal(`${file.name} is not an image: upload a screenshot.`);
    if (file.size > EVIDENCE_MAX_BYTES) {
      return setRefusal(`${file.name} is ${formatBytes(file.size)}; screenshots can be at most 10 MB.`);
    }
    setUpload({ name: file.name, loaded: 0, total: file.size });
    const result = await uploadFile<Submission>(`/v1/me/submissions/${submission.id}/evidence`, file, {
      query: { filename: file.name.slice(0, 200) || 'screenshot' },
      onProgress: ({ loaded, total }) => setUpload({ name: file.name, loaded, total }),
    });
    setUpload(null);
    if (!result.ok) return setRefusal(`${file.name} was not added: ${messageOf(result.error)}`);
    onChange(result.data);
  }

  const inputId = `evidence-${submission.id}`;
  return (
    <div className="mt-2">
      {submission.evidence.length > 0 ? (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label="Screenshots">
          {submission.evidence.map((e, index) => (
            <li key={e.id}>
              <a href={e.url} target="_blank" rel="noopener noreferrer">
                {/* Same-origin screenshots, re-encoded as WebP by the API. */}
                <img
                  src={e.url}
                  alt={`Screenshot ${index + 1}`}
                  className="h-16 w-16 rounded border border-line object-cover"
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {submission.status !== 'rejected' && !full ? (
        <>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept={EVIDENCE_ACCEPT}
            className="sr-only"
            onChange={pick}
            tabIndex={-1}
            aria-hidden="true"
          />
          <Button
            variant="secondary"
            size="sm"
            onClick={() => inputRef.current?.click()}
            disabled={upload !== null}
            aria-describedby={`${inputId}-hint`}
          >
            {upload ? <Spinner /> : null}
            {upload
              ? `Uploading ${Math.min(100, Math.round((upload.loaded / Math.max(upload.total, 1)) * 100))}%`
              : 'Add a screenshot'}
          </Button>
          <span id={`${inputId}-hint`} className="ml-2 text-xs text-muted">
            JPEG, PNG, WebP or GIF, up to 10 MB; {EVIDENCE_MAX_FILES - submission.evidence.length} more allowed.
          </span>
        </>
      ) : null}
      {refusal ? (
        <p role="alert" className="mt-1 text-sm text-red-700" data-testid="evidence-error">
          {refusal}
        </p>
      ) : null}
    </div>
  );
}
