'use client';

// A published campaign's public page: what it pays, how much is left and how fast it goes, what a post must
// contain, the brief (the API's sanitized HTML), the assets, and how to join.
import Link from 'next/link';
import { BriefHtml } from '../../../components/brief';
import { AssetGallery, PlatformChips, StateBadge, Terms, type Term } from '../../../components/campaign-parts';
import { LoadError, LoadingBlock, Section, buttonClasses } from '../../../components/ui';
import { api, call } from '../../../lib/api';
import {
  approvalModeLabels,
  categoryLabels,
  describeRunway,
  describeSlots,
  metricLabels,
  type PublicCampaign,
} from '../../../lib/campaigns';
import { formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { JoinPanel } from './join-panel';

export function PublicCampaignPage({ campaignId }: { campaignId: string }) {
  const { state, reload } = useLoad<PublicCampaign>(
    () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    `public-campaign:${campaignId}`,
  );
  if (state.status === 'loading') return <LoadingBlock label="Loading the campaign…" />;
  if (state.status === 'error') {
    if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') {
      return (
        <div className="rounded-lg border border-line bg-white p-6">
          <h1 className="text-xl font-semibold">Campaign not found</h1>
          <p className="mt-2 text-muted">It does not exist, or it is not public (yet).</p>
          <Link href="/campaigns" className={`${buttonClasses('secondary')} mt-4`}>
            Browse campaigns
          </Link>
        </div>
      );
    }
    return <LoadError error={state.error} onRetry={() => void reload()} />;
  }
  return <CampaignView campaign={state.data} />;
}

function CampaignView({ campaign }: { campaign: PublicCampaign }) {
  const metric = metricLabels[campaign.metric].plural;
  const spending = campaign.runwayDays !== null;
  const { requirements, targeting } = campaign;

  const figures: (Term & { money?: boolean })[] = [
    { label: `Rate per 1,000 ${metric}`, value: campaign.ratePerThousand.display, money: true },
    { label: 'Budget left', value: campaign.budgetLeft.display, money: true },
    {
      label: 'Burn rate',
      value: spending ? `${campaign.burnRatePerDay.display} a day` : 'No spend yet',
      money: spending,
      hint: spending ? `Runway: ${describeRunway(campaign.runwayDays)}` : 'Budget is used as posts earn.',
    },
    { label: 'Slots left', value: describeSlots(campaign.slotsLeft, campaign.maxSlots) },
  ];
  const caps: Term[] = [
    { label: 'Cap per post', value: campaign.perPostCap?.display ?? 'No cap' },
    { label: 'Cap per participant', value: campaign.perParticipantCap?.display ?? 'No cap' },
    {
      label: `Minimum ${metric} per post`,
      value: campaign.minimumViews > 0 ? campaign.minimumViews.toLocaleString() : 'None',
    },
    {
      label: 'Posts per participant',
      value: campaign.maxSubmissionsPerParticipant === null ? 'No limit' : campaign.maxSubmissionsPerParticipant,
    },
    {
      label: 'Hold period',
      value: `${campaign.holdDays} day${campaign.holdDays === 1 ? '' : 's'}`,
      hint: 'Earnings wait this long before they can be paid out.',
    },
    { label: 'Joining', value: approvalModeLabels[campaign.approvalMode].label },
  ];
  const rules: { label: string; value: string | null }[] = [
    { label: 'Hashtags', value: requirements.hashtags.length > 0 ? requirements.hashtags.join(' ') : null },
    { label: 'Mentions', value: requirements.mentions.length > 0 ? requirements.mentions.join(' ') : null },
    { label: 'Ad disclosure', value: requirements.disclosure },
    { label: 'Tracking link', value: requirements.linkInCaption ? 'Put your tracking link in the caption' : null },
  ];
  const shownRules = rules.filter((rule) => rule.value !== null);

  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/campaigns" className="text-brand-700 underline">
          ← All campaigns
        </Link>
      </p>
      <header className="mb-8">
        <p className="text-sm font-medium text-muted">{campaign.orgName}</p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl" data-testid="campaign-title">
            {campaign.title}
          </h1>
          {campaign.state !== 'published' ? <StateBadge state={campaign.state} /> : null}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm text-muted">
          <PlatformChips platforms={campaign.platforms} />
          {targeting.category ? <span>{categoryLabels[targeting.category]}</span> : null}
        </div>
      </header>

      <section
        aria-label="Key figures"
        className="mb-6 grid gap-4 rounded-lg border border-line bg-white p-6 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
        data-testid="key-figures"
      >
        {figures.map((figure) => (
          <div key={figure.label} className="min-w-0">
            <p className="text-sm text-muted">{figure.label}</p>
            <p
              className={`mt-1 text-xl font-semibold ${figure.money ? 'font-mono tabular-nums' : ''}`}
              data-testid={`figure-${figure.label.split(' ')[0]!.toLowerCase()}`}
            >
              {figure.value}
            </p>
            {figure.hint ? <p className="mt-0.5 text-xs text-muted">{figure.hint}</p> : null}
          </div>
        ))}
      </section>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] lg:items-start">
        <div className="min-w-0 space-y-6">
          <Section id="brief" title="Brief">
            <BriefHtml html={campaign.briefHtml} testId="campaign-brief" empty="The brand did not write a brief." />
          </Section>
          <Section id="requirements" title="What each post needs">
            {shownRules.length === 0 ? (
              <p className="text-sm text-muted">No required hashtags, mentions or disclosure: follow the brief.</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="requirements">
                {shownRules.map((rule) => (
                  <li key={rule.label} className="flex flex-wrap gap-x-3">
                    <span className="w-32 shrink-0 text-muted">{rule.label}</span>
                    <span className="font-medium break-all">{rule.value}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section id="terms" title="Caps and terms">
            <Terms terms={caps} />
          </Section>
          {campaign.assets.length > 0 ? (
            <Section id="assets" title="Assets" description="Images and clips from the brand to use in your posts.">
              <AssetGallery assets={campaign.assets} />
            </Section>
          ) : null}
        </div>
        <div className="min-w-0 space-y-6">
          <JoinPanel campaign={campaign} />
          <Section id="dates" title="Dates">
            <Terms
              terms={[
                { label: 'Starts', value: campaign.startsAt ? formatDateTime(campaign.startsAt) : '—' },
                {
                  label: 'Ends',
                  value: campaign.endsAt ? formatDateTime(campaign.endsAt) : 'When the budget is spent',
                },
              ]}
            />
          </Section>
          {targeting.countries.length > 0 || targeting.languages.length > 0 || targeting.minFollowers > 0 ? (
            <Section id="targeting" title="Who it is for">
              <Terms
                terms={[
                  ...(targeting.countries.length > 0
                    ? [{ label: 'Countries', value: targeting.countries.join(', ') }]
                    : []),
                  ...(targeting.languages.length > 0
                    ? [{ label: 'Languages', value: targeting.languages.join(', ') }]
                    : []),
                  ...(targeting.minFollowers > 0
                    ? [{ label: 'Minimum followers', value: targeting.minFollowers.toLocaleString() }]
                    : []),
                ]}
              />
            </Section>
          ) : null}
        </div>
      </div>
    </>
  );
}
