import type { CampaignParticipation, CampaignSubmission, Participation, Submission } from '@creator-rewards/contracts';
import type { CampaignTerms } from '../campaigns/campaigns.service.js';
import type { ParticipationRow, SocialAccountRow, SubmissionRow } from './participation.repository.js';
import { trackingLink } from './tracking-code.js';

/** How participation leaves the API: rows in, contract shapes out (dates as ISO strings). */

type Platform = SocialAccountRow['platform'];
type CampaignState = CampaignTerms['state'];

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** Evidence is stored under `evidence/<submissionId>/<evidenceId>.webp`; the API names it by evidenceId. */
export function evidenceKey(submissionId: string, evidenceId: string): string {
  return `evidence/${submissionId}/${evidenceId}.webp`;
}

export function evidenceIdOf(key: string): string | undefined {
  return /^evidence\/[0-9a-f-]{36}\/([0-9a-f-]{36})\.webp$/.exec(key)?.[1];
}

export function socialAccountView(row: SocialAccountRow) {
  return {
    id: row.id,
    platform: row.platform,
    handle: row.handle,
    verified: row.verifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The accounts a participation applied with, in the order given; ones deleted since are left out. */
function accountsOf(row: ParticipationRow, accounts: ReadonlyMap<string, SocialAccountRow>) {
  return row.socialAccountIds.flatMap((id) => {
    const account = accounts.get(id);
    return account ? [socialAccountView(account)] : [];
  });
}

type ParticipationContext = {
  accounts: ReadonlyMap<string, SocialAccountRow>;
  publicWebUrl: string;
  maxSubmissions: number | null;
};

function participationCommon(row: ParticipationRow, ctx: ParticipationContext) {
  return {
    id: row.id,
    state: row.state,
    stateReason: row.stateReason,
    socialAccounts: accountsOf(row, ctx.accounts),
    trackingCode: row.trackingCode,
    trackingLink: trackingLink(ctx.publicWebUrl, row.trackingCode),
    submissionCount: row.submissionCount,
    maxSubmissions: ctx.maxSubmissions,
    createdAt: row.createdAt.toISOString(),
    decidedAt: iso(row.decidedAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type CampaignRef = { id: string; title: string; state: CampaignState; platforms: string[] };

export function participationView(
  row: ParticipationRow,
  campaign: CampaignRef & { maxSubmissionsPerParticipant: number | null },
  ctx: Omit<ParticipationContext, 'maxSubmissions'>,
): Participation {
  return {
    ...participationCommon(row, { ...ctx, maxSubmissions: campaign.maxSubmissionsPerParticipant }),
    campaign: {
      id: campaign.id,
      title: campaign.title,
      state: campaign.state,
      platforms: campaign.platforms as Platform[],
    },
  };
}

export function campaignParticipationView(
  row: ParticipationRow,
  participant: { id: string; displayName: string },
  ctx: ParticipationContext,
): CampaignParticipation {
  return { ...participationCommon(row, ctx), campaignId: row.campaignId, participant };
}

function submissionCommon(row: SubmissionRow, evidenceUrl: (evidenceId: string) => string) {
  return {
    id: row.id,
    participationId: row.participationId,
    platform: row.platform,
    postId: row.postId,
    canonicalUrl: row.canonicalUrl,
    status: row.status,
    statusReason: row.statusReason,
    note: row.note,
    evidence: row.evidenceKeys.flatMap((key) => {
      const id = evidenceIdOf(key);
      return id ? [{ id, url: evidenceUrl(id) }] : [];
    }),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function submissionView(row: SubmissionRow, campaign: { id: string; title: string }): Submission {
  return {
    ...submissionCommon(row, (id) => `/api/v1/me/submissions/${row.id}/evidence/${id}`),
    campaign: { id: campaign.id, title: campaign.title },
  };
}

export function campaignSubmissionView(
  row: SubmissionRow,
  orgId: string,
  participant: { id: string; displayName: string },
): CampaignSubmission {
  const base = `/api/v1/orgs/${orgId}/campaigns/${row.campaignId}/submissions/${row.id}/evidence`;
  return { ...submissionCommon(row, (id) => `${base}/${id}`), campaignId: row.campaignId, participant };
}
