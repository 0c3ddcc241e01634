'use client';

// Pieces of campaign pages shared by the brand, reviewer and public views.
import type { ReactNode } from 'react';
import {
  approvalModeLabels,
  categoryLabels,
  metricLabels,
  moneyOrNull,
  platformLabels,
  stateLabels,
  type Campaign,
  type CampaignAsset,
  type CampaignState,
  type Money,
  type SocialPlatform,
} from '../lib/campaigns';
import { formatDateTime } from '../lib/format';
import { Badge, Button } from './ui';

export function StateBadge({ state }: { state: CampaignState }) {
  const { label, tone } = stateLabels[state];
  return (
    <span data-testid="campaign-state" data-state={state}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}

export function PlatformChips({ platforms }: { platforms: readonly SocialPlatform[] }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Platforms">
      {platforms.map((platform) => (
        <li key={platform} className="rounded-full bg-brand-100 px-2.5 py-0.5 text-xs font-medium text-brand-900">
          {platformLabels[platform]}
        </li>
      ))}
    </ul>
  );
}

export type Term = { label: string; value: ReactNode; hint?: ReactNode };

/** A label/value grid. */
export function Terms({ terms, columns = 2 }: { terms: readonly Term[]; columns?: 2 | 3 }) {
  return (
    <dl className={`grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2 ${columns === 3 ? 'lg:grid-cols-3' : ''}`}>
      {terms.map((term) => (
        <div key={term.label} className="min-w-0">
          <dt className="text-muted">{term.label}</dt>
          <dd className="mt-0.5 font-medium break-words">{term.value}</dd>
          {term.hint ? <dd className="mt-0.5 text-xs text-muted">{term.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

const none = <span className="font-normal text-muted">None</span>;
const moneyOrNone = (value: unknown) => moneyOrNull(value)?.display ?? none;
const listOrNone = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : none);

/** Every setting of a campaign, grouped as the wizard groups them. For the brand's and the reviewer's pages. */
export function CampaignSettingsSummary({ campaign }: { campaign: Campaign }) {
  const metric = metricLabels[campaign.metric].plural;
  const { targeting, requirements } = campaign;
  const groups: { title: string; terms: Term[] }[] = [
    {
      title: 'Basics',
      terms: [
        { label: 'Platforms', value: <PlatformChips platforms={campaign.platforms} /> },
        { label: 'Paid for', value: metricLabels[campaign.metric].label },
        { label: 'Category', value: targeting.category ? categoryLabels[targeting.category] : none },
        { label: 'Countries', value: listOrNone(targeting.countries) },
        { label: 'Languages', value: listOrNone(targeting.languages) },
        {
          label: 'Minimum followers',
          value: targeting.minFollowers > 0 ? targeting.minFollowers.toLocaleString() : none,
        },
      ],
    },
    {
      title: 'Money',
      terms: [
        { label: `Rate per 1,000 ${metric}`, value: campaign.ratePerThousand.display },
        { label: 'Cap per post', value: moneyOrNone(campaign.perPostCap) },
        { label: 'Cap per participant', value: moneyOrNone(campaign.perParticipantCap) },
        {
          label: `Minimum ${metric} per post`,
          value: campaign.minimumViews > 0 ? campaign.minimumViews.toLocaleString() : none,
        },
        { label: 'Daily spend cap', value: moneyOrNone(campaign.pacing.dailyCap) },
        { label: 'Hourly spend cap', value: moneyOrNone(campaign.pacing.hourlyCap) },
      ],
    },
    {
      title: 'Rules',
      terms: [
        { label: 'Hashtags', value: listOrNone(requirements.hashtags) },
        { label: 'Mentions', value: listOrNone(requirements.mentions) },
        { label: 'Tracking link in caption', value: requirements.linkInCaption ? 'Required' : 'Not required' },
        { label: 'Ad disclosure', value: requirements.disclosure ?? none },
        {
          label: 'Destination URL',
          value: campaign.destinationUrl ? <span className="font-mono text-xs">{campaign.destinationUrl}</span> : none,
        },
        { label: 'Slots', value: campaign.maxSlots === null ? 'No limit' : campaign.maxSlots.toLocaleString() },
        {
          label: 'Posts per participant',
          value: campaign.maxSubmissionsPerParticipant === null ? 'No limit' : campaign.maxSubmissionsPerParticipant,
        },
        {
          label: 'Approval',
          value: approvalModeLabels[campaign.approvalMode].label,
          hint:
            campaign.approvalMode === 'allowlist'
              ? `${campaign.allowlist.length.toLocaleString()} email${campaign.allowlist.length === 1 ? '' : 's'} listed`
              : approvalModeLabels[campaign.approvalMode].body,
        },
        { label: 'Hold period', value: `${campaign.holdDays} day${campaign.holdDays === 1 ? '' : 's'}` },
      ],
    },
    {
      title: 'Dates',
      terms: [
        { label: 'Starts', value: campaign.startsAt ? formatDateTime(campaign.startsAt) : none },
        { label: 'Ends', value: campaign.endsAt ? formatDateTime(campaign.endsAt) : 'When the budget is spent' },
      ],
    },
  ];
  return (
    <div className="space-y-6" data-testid="campaign-settings">
      {groups.map((group) => (
        <div key={group.title}>
          <h3 className="mb-3 text-xs font-semibold tracking-wider text-muted uppercase">{group.title}</h3>
          <Terms terms={group.terms} columns={3} />
        </div>
      ))}
      {campaign.approvalMode === 'allowlist' && campaign.allowlist.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">Show the allowlist</summary>
          <ul className="mt-2 max-h-48 overflow-y-auto rounded-md bg-canvas p-3 font-mono text-xs">
            {campaign.allowlist.map((email) => (
              <li key={email}>{email}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** Planned, funded, fees, remaining and spent. */
export function BudgetFigures({ budget }: { budget: Campaign['budget'] }) {
  const rows: { label: string; money: Money; hint: string; strong?: boolean }[] = [
    { label: 'Planned', money: budget.planned, hint: 'The budget you set.' },
    { label: 'Funded', money: budget.funded, hint: 'Paid in, after platform fees: what can be spent.' },
    { label: 'Fees', money: budget.fees, hint: 'Platform fees taken from payments.' },
    { label: 'Spent', money: budget.spent, hint: 'Earned by participants, net of clawbacks.' },
    { label: 'Remaining', money: budget.remaining, hint: 'Funded minus spent.', strong: true },
  ];
  return (
    <dl className="divide-y divide-line text-sm" data-testid="budget-figures">
      {rows.map((row) => (
        <div key={row.label} className="flex items-baseline justify-between gap-4 py-2">
          <dt>
            <span className={row.strong ? 'font-semibold' : ''}>{row.label}</span>
            <span className="block text-xs text-muted">{row.hint}</span>
          </dt>
          <dd
            className={`font-mono tabular-nums ${row.strong ? 'text-base font-semibold' : ''}`}
            data-testid={`budget-${row.label.toLowerCase()}`}
          >
            {row.money.display}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Images as <img>, videos as <video controls>; with `onDelete`, each has a Remove button. */
export function AssetGallery({
  assets,
  onDelete,
  busyId,
}: {
  assets: readonly CampaignAsset[];
  onDelete?: (asset: CampaignAsset) => void;
  busyId?: string | null;
}) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2" data-testid="asset-gallery">
      {assets.map((asset) => (
        <li key={asset.id} className="overflow-hidden rounded-lg border border-line bg-canvas">
          <div className="flex aspect-video items-center justify-center bg-slate-900/5">
            {asset.kind === 'image' ? (
              // A plain <img>: the file is the API's own (same origin, re-encoded on upload), not for next/image.
              <img
                src={asset.url}
                alt={asset.filename}
                loading="lazy"
                width={asset.width ?? undefined}
                height={asset.height ?? undefined}
                className="max-h-full max-w-full object-contain"
              />
            ) : (
              <video src={asset.url} controls preload="metadata" className="max-h-full max-w-full">
                <a href={asset.url}>Download {asset.filename}</a>
              </video>
            )}
          </div>
          <div className="flex items-center justify-between gap-3 px-3 py-2 text-xs">
            <div className="min-w-0">
              <p className="truncate font-medium text-ink" title={asset.filename}>
                {asset.filename}
              </p>
              <p className="text-muted">
                {asset.kind === 'image' ? 'Image' : 'Video'} · {formatBytes(asset.sizeBytes)}
                {asset.width && asset.height ? ` · ${asset.width}×${asset.height}` : ''}
              </p>
            </div>
            {onDelete ? (
              <Button
                variant="danger"
                size="sm"
                onClick={() => onDelete(asset)}
                busy={busyId === asset.id}
                aria-label={`Remove ${asset.filename}`}
              >
                Remove
              </Button>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
