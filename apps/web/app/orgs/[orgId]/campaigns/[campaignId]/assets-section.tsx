'use client';

// Images and videos for participants to use. Files go up as raw bytes (uploadFile), one after another, each with its
// progress; the API decides the type from the bytes, re-encodes images and says why it refuses a file.
import { useRef, useState, type ChangeEvent } from 'react';
import { AssetGallery, formatBytes } from '../../../../../components/campaign-parts';
import { useConfirm } from '../../../../../components/dialogs';
import { Button, EmptyState, ErrorAlert, Section } from '../../../../../components/ui';
import { api, call, messageOf, uploadFile, type ApiError } from '../../../../../lib/api';
import type { Campaign, CampaignAsset } from '../../../../../lib/campaigns';

/** The API's limit (ASSET_MAX_BYTES in packages/contracts): checked here too, to spare a long upload. */
const MAX_BYTES = 100 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm,video/quicktime';

type Upload = {
  id: number;
  name: string;
  size: number;
  loaded: number;
  status: 'waiting' | 'uploading' | 'failed';
  error?: string;
};

export function AssetsSection({
  orgId,
  campaign,
  canManage,
  onChange,
}: {
  orgId: string;
  campaign: Campaign;
  canManage: boolean;
  onChange: (campaign: Campaign) => void;
}) {
  const confirm = useConfirm();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextId = useRef(0);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Assets added while this page is open: the latest campaign object is needed when several uploads finish.
  const latest = useRef(campaign);
  latest.current = campaign;
  const editable = campaign.state === 'draft' && canManage;

  const update = (id: number, patch: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const queued = files.map((file) => ({ file, upload: { id: nextId.current++, name: file.name, size: file.size } }));
    setUploads((list) => [
      ...list,
      ...queued.map(({ file, upload }) =>
        file.size > MAX_BYTES
          ? { ...upload, loaded: 0, status: 'failed' as const, error: `It is larger than ${formatBytes(MAX_BYTES)}.` }
          : { ...upload, loaded: 0, status: 'waiting' as const },
      ),
    ]);
    for (const { file, upload } of queued) {
      if (file.size > MAX_BYTES) continue;
      update(upload.id, { status: 'uploading' });
      const result = await uploadFile<CampaignAsset>(`/v1/orgs/${orgId}/campaigns/${campaign.id}/assets`, file, {
        query: { filename: file.name.slice(0, 200) || 'file' },
        onProgress: ({ loaded }) => update(upload.id, { loaded }),
      });
      if (!result.ok) {
        update(upload.id, { status: 'failed', error: messageOf(result.error) });
        continue;
      }
      setUploads((list) => list.filter((u) => u.id !== upload.id));
      const current = latest.current;
      const next = { ...current, assets: [...current.assets, result.data] };
      latest.current = next;
      onChange(next);
    }
  }

  async function remove(asset: CampaignAsset) {
    const ok = await confirm({
      title: `Remove ${asset.filename}?`,
      body: 'Participants will no longer see it. You can upload it again while the campaign is a draft.',
      confirmLabel: 'Remove',
      destructive: true,
    });
    if (!ok) return;
    setBusyId(asset.id);
    setError(null);
    const result = await call(
      api.DELETE('/v1/orgs/{orgId}/campaigns/{campaignId}/assets/{assetId}', {
        params: { path: { orgId, campaignId: campaign.id, assetId: asset.id } },
      }),
    );
    setBusyId(null);
    if (!result.ok) return setError(result.error);
    const current = latest.current;
    onChange({ ...current, assets: current.assets.filter((a) => a.id !== asset.id) });
  }

  return (
    <Section
      id="assets"
      title="Assets"
      description={
        editable
          ? 'Images (JPEG, PNG, WebP, GIF) and videos (MP4, WebM, MOV) up to 100 MB. Images are re-encoded and their metadata removed.'
          : 'Images and videos participants can use.'
      }
      actions={
        editable ? (
          <>
            <input
              ref={inputRef}
              type="file"
              accept={ACCEPT}
              multiple
              className="sr-only"
              id="asset-file"
              onChange={(e) => void onFiles(e)}
              data-testid="asset-input"
              tabIndex={-1}
            />
            <Button variant="secondary" onClick={() => inputRef.current?.click()}>
              Upload files
            </Button>
          </>
        ) : null
      }
    >
      <ErrorAlert error={error} className="mb-4" />
      {uploads.length > 0 ? (
        <ul className="mb-4 space-y-2" aria-label="Uploads" data-testid="uploads">
          {uploads.map((upload) => (
            <li key={upload.id} className="rounded-md border border-line bg-canvas px-3 py-2 text-sm">
              <div className="flex items-center justify-between gap-3">
                <span className="truncate font-medium">{upload.name}</span>
                {upload.status === 'failed' ? (
                  <button
                    type="button"
                    className="text-xs font-medium text-brand-700 underline"
                    onClick={() => setUploads((list) => list.filter((u) => u.id !== upload.id))}
                  >
                    Dismiss
                  </button>
                ) : (
                  <span className="text-xs text-muted">
                    {upload.status === 'waiting'
                      ? 'Waiting…'
                      : `${formatBytes(upload.loaded)} of ${formatBytes(upload.size)}`}
                  </span>
                )}
              </div>
              {upload.status === 'failed' ? (
                <p className="mt-1 text-red-700" role="alert" data-testid="upload-error">
                  Not uploaded: {upload.error}
                </p>
              ) : (
                <progress
                  className="mt-2 h-2 w-full accent-brand-700"
                  max={upload.size || 1}
                  value={upload.status === 'uploading' ? upload.loaded : undefined}
                  aria-label={`Uploading ${upload.name}`}
                />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {campaign.assets.length === 0 ? (
        <EmptyState title="No assets">
          {editable
            ? 'Add logos, product shots or example clips for participants.'
            : campaign.state === 'draft'
              ? 'Owners and managers can add them.'
              : 'Assets can only be added while a campaign is a draft.'}
        </EmptyState>
      ) : (
        <AssetGallery
          assets={campaign.assets}
          onDelete={editable ? (a) => void remove(a) : undefined}
          busyId={busyId}
        />
      )}
    </Section>
  );
}
