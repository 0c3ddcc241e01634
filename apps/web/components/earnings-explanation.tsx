'use client';

// Why a post earned what it did, for its creator (/me/submissions/…/earnings) and for the brand that pays
// (/orgs/…/submissions/…/earnings): one sentence on top, then the observations, the derivation step by step and
// the ledger transfers. Every figure is the API's; nothing is recomputed here.
import type { ReactNode } from 'react';
import { platformLabels, type SocialPlatform } from '../lib/campaigns';
import { formatDate, formatDateTime } from '../lib/format';
import {
  clawbackReasonLabels,
  describeEarnings,
  formatCount,
  isSimulated,
  maybeMoney,
  safeHttps,
  sourceLabel,
  submissionStatusLabels,
  transferKindLabels,
  type EarningsStep,
  type SubmissionEarnings,
} from '../lib/participation';
import { Terms } from './campaign-parts';
import { Alert, Badge, Section } from './ui';

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wider text-muted uppercase';
const td = 'px-3 py-2 align-top';

export function SimulatedBadge() {
  return (
    <span title="Sandbox data: not observed on the real platform" data-testid="simulated">
      <Badge tone="warning">simulated</Badge>
    </span>
  );
}

export function SubmissionEarningsView({ earnings }: { earnings: SubmissionEarnings }) {
  const { submission, campaign, snapshots, derivation, transfers } = earnings;
  const unit = campaign.metric;
  const href = safeHttps(submission.url);
  const platform = platformLabels[submission.platform as SocialPlatform] ?? submission.platform;
  const status = submissionStatusLabels[submission.status];
  const simulated = snapshots.items.some((s) => isSimulated(s.source));
  const perPostCap = maybeMoney(campaign.perPostCap);
  const perParticipantCap = maybeMoney(campaign.perParticipantCap);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 text-sm text-muted">
        <Badge tone={status.tone}>{status.label}</Badge>
        <span>{platform} post</span>
        {href ? (
          <a
            href={href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="min-w-0 truncate font-mono text-xs text-brand-700 underline"
          >
            {submission.url}
          </a>
        ) : (
          <span className="min-w-0 truncate font-mono text-xs">{submission.url}</span>
        )}
      </div>

      <Alert tone="info" title="In short" testId="earnings-summary">
        <p>{describeEarnings(earnings)}</p>
        {simulated ? (
          <p className="mt-2 flex items-center gap-2 text-xs">
            <SimulatedBadge /> The {unit} come from the sandbox, not from the platform: these earnings are simulated.
          </p>
        ) : null}
      </Alert>

      <Section id="earnings-figures" title="Figures">
        <Terms
          columns={3}
          terms={[
            {
              label: 'Posted so far',
              value: <Money>{earnings.posted.display}</Money>,
              hint: 'Earned minus taken back.',
            },
            {
              label: 'Owed now',
              value: <Money>{derivation ? derivation.owed.display : '—'}</Money>,
              hint: 'From the latest observation, after caps.',
            },
            {
              label: 'Held back',
              value: <Money>{derivation ? derivation.unpaid.display : '—'}</Money>,
              hint: 'Owed but waiting for budget or pacing room.',
            },
            {
              label: `Rate per 1,000 ${unit}`,
              value: <span data-testid="earnings-rate">{campaign.ratePerThousand.display}</span>,
            },
            {
              label: `Minimum ${unit} per post`,
              value: campaign.minimumMetric === '0' ? 'None' : formatCount(campaign.minimumMetric),
            },
            { label: 'Cap per post', value: perPostCap?.display ?? 'None' },
            { label: 'Cap per participant', value: perParticipantCap?.display ?? 'None' },
            {
              label: 'Hold period',
              value: `${campaign.holdDays} day${campaign.holdDays === 1 ? '' : 's'}`,
              hint: 'Earnings are released to the available balance when it ends.',
            },
            ...(derivation?.accruing === false
              ? [{ label: 'Accruing', value: 'No: the campaign has ended', hint: 'Only clawbacks run now.' }]
              : []),
          ]}
        />
      </Section>

      <Section
        id="earnings-steps"
        title="How it is computed"
        description="From the latest observation, as the next earnings run computes it."
      >
        {derivation ? (
          <ol className="list-decimal space-y-2 pl-5 text-sm" data-testid="earnings-steps">
            {derivation.steps.map((step, index) => (
              <li key={`${step.step}-${index}`}>{stepText(step, unit)}</li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted">No observation yet: nothing to compute.</p>
        )}
      </Section>

      <Section
        id="earnings-snapshots"
        title="Observations"
        description={`The latest ${snapshots.items.length} of ${snapshots.total} observation${snapshots.total === 1 ? '' : 's'}, newest first.`}
      >
        {snapshots.items.length === 0 ? (
          <p className="text-sm text-muted">No {unit} observed yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-line text-sm" data-testid="earnings-snapshots">
              <thead>
                <tr>
                  <th scope="col" className={th}>
                    Observed
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {capitalise(unit)} (total)
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Judged invalid
                  </th>
                  <th scope="col" className={th}>
                    Source
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {snapshots.items.map((s) => (
                  <tr key={s.id}>
                    <td className={td}>{formatDateTime(s.observedAt)}</td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{formatCount(s.metricTotal)}</td>
                    <td className={`${td} text-right font-mono tabular-nums`}>{formatCount(s.deductedTotal)}</td>
                    <td className={td}>{isSimulated(s.source) ? <SimulatedBadge /> : sourceLabel(s.source)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section
        id="earnings-transfers"
        title="Ledger transfers"
        description="Every amount posted for this post, oldest first."
      >
        {transfers.length === 0 ? (
          <p className="text-sm text-muted">Nothing posted yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-line text-sm" data-testid="earnings-transfers">
              <thead>
                <tr>
                  <th scope="col" className={th}>
                    #
                  </th>
                  <th scope="col" className={th}>
                    Kind
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Amount
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {capitalise(unit)} used
                  </th>
                  <th scope="col" className={th}>
                    Posted
                  </th>
                  <th scope="col" className={th}>
                    Hold ends
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {transfers.map((t) => {
                  const fromPending = maybeMoney(t.fromPending);
                  const fromAvailable = maybeMoney(t.fromAvailable);
                  return (
                    <tr key={t.idempotencyKey}>
                      <td className={`${td} font-mono text-xs`}>{t.sequence}</td>
                      <td className={td}>
                        <Badge tone={t.kind === 'accrue' ? 'success' : 'danger'}>{transferKindLabels[t.kind]}</Badge>
                        {t.clawbackReason ? (
                          <span className="mt-1 block text-xs text-muted">
                            Because {clawbackReasonLabels[t.clawbackReason]}
                            {fromPending || fromAvailable
                              ? ` (${[
                                  fromPending ? `${fromPending.display} from pending` : null,
                                  fromAvailable ? `${fromAvailable.display} from available` : null,
                                ]
                                  .filter(Boolean)
                                  .join(', ')})`
                              : ''}
                          </span>
                        ) : null}
                      </td>
                      <td className={`${td} text-right font-mono tabular-nums`}>{t.amount.display}</td>
                      <td className={`${td} text-right font-mono tabular-nums`}>
                        {t.metricTotal ? formatCount(t.metricTotal) : '—'}
                      </td>
                      <td className={td}>
                        {formatDateTime(t.effectiveAt)}
                        {formatDateTime(t.createdAt) !== formatDateTime(t.effectiveAt) ? (
                          <span className="block text-xs text-muted">recorded {formatDateTime(t.createdAt)}</span>
                        ) : null}
                      </td>
                      <td className={td}>{t.holdEndsAt ? formatDate(t.holdEndsAt) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

function Money({ children }: { children: ReactNode }) {
  return <span className="font-mono tabular-nums">{children}</span>;
}

/** One derivation step for people. */
function stepText(step: EarningsStep, unit: string): ReactNode {
  switch (step.step) {
    case 'snapshot':
      return (
        <>
          Latest observation: <strong>{formatCount(step.metricTotal)}</strong> {unit}
          {step.observedAt ? ` on ${formatDateTime(step.observedAt)}` : ''}.
        </>
      );
    case 'deduction':
      return (
        <>
          Minus {formatCount(step.metric)} {unit} judged invalid ({step.reason}).
        </>
      );
    case 'rate':
      return (
        <>
          {formatCount(step.metric)} {unit} × {step.ratePerThousand.display} per 1,000 ={' '}
          <strong>{step.formula.display}</strong> (rounded down to the micro-unit).
        </>
      );
    case 'minimum_metric':
      return step.met ? (
        <>
          The minimum of {formatCount(step.minimumMetric)} {unit} is reached.
        </>
      ) : (
        <>
          Below the minimum of {formatCount(step.minimumMetric)} {unit}: nothing is owed until it is reached.
        </>
      );
    case 'rejected':
      return <>The post was rejected: nothing is owed.</>;
    case 'post_cap':
      return step.applied ? (
        <>
          Capped at <strong>{step.ceiling.display}</strong> per post: {step.result.display}.
        </>
      ) : (
        <>Under the cap per post ({step.cap.display}).</>
      );
    case 'participant_cap':
      return step.applied ? (
        <>
          Capped by the cap per participant ({step.capLeft.display} left): <strong>{step.result.display}</strong>.
        </>
      ) : (
        <>Under the cap per participant ({step.capLeft.display} left).</>
      );
    case 'owed':
      return (
        <>
          Owed in total: <strong>{step.owed.display}</strong>; already posted {step.alreadyPosted.display}; difference{' '}
          {step.delta.display}.
        </>
      );
    case 'budget':
      return step.applied ? (
        <>
          Limited by the campaign’s remaining budget ({step.remaining.display}): {step.result.display}.
        </>
      ) : (
        <>The campaign’s budget covers it ({step.remaining.display} left).</>
      );
    case 'window':
      return step.applied ? (
        <>
          Limited by the campaign’s pacing ({step.remaining.display} left in this window): {step.result.display}.
        </>
      ) : (
        <>Within the campaign’s pacing.</>
      );
    case 'accrue':
      return (
        <>
          Next run posts <strong>{step.amount.display}</strong>
          {step.unpaid.micros !== '0' ? `; ${step.unpaid.display} waits for room` : ''}.
        </>
      );
    case 'clawback':
      return (
        <>
          Next run takes back <strong>{step.amount.display}</strong> because {clawbackReasonLabels[step.reason]}.
        </>
      );
    case 'nothing_to_post':
      return <>Nothing new to post: everything owed is already posted.</>;
    default:
      return null;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
