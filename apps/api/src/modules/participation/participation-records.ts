import type {
  ParticipationRow,
  ParticipationState,
  SubmissionRow,
  SubmissionStatus,
} from './participation.repository.js';

/** The plain values other modules (earnings, tracking) read through ParticipationService: never the row types. */

/** A participation. */
export type ParticipationRecord = {
  id: string;
  campaignId: string;
  participantId: string;
  state: ParticipationState;
  socialAccountIds: string[];
  trackingCode: string;
  submissionCount: number;
  createdAt: Date;
};

/** A submission. */
export type SubmissionRecord = {
  id: string;
  participationId: string;
  campaignId: string;
  participantId: string;
  platform: SubmissionRow['platform'];
  /** Null until a short link is resolved. */
  postId: string | null;
  dedupKey: string;
  canonicalUrl: string;
  status: SubmissionStatus;
  statusReason: string | null;
  createdAt: Date;
};

export function submissionRecord(row: SubmissionRow): SubmissionRecord {
  return {
    id: row.id,
    participationId: row.participationId,
    campaignId: row.campaignId,
    participantId: row.participantId,
    platform: row.platform,
    postId: row.postId,
    dedupKey: row.dedupKey,
    canonicalUrl: row.canonicalUrl,
    status: row.status,
    statusReason: row.statusReason,
    createdAt: row.createdAt,
  };
}

export function participationRecord(row: ParticipationRow): ParticipationRecord {
  return {
    id: row.id,
    campaignId: row.campaignId,
    participantId: row.participantId,
    state: row.state,
    socialAccountIds: [...row.socialAccountIds],
    trackingCode: row.trackingCode,
    submissionCount: row.submissionCount,
    createdAt: row.createdAt,
  };
}
