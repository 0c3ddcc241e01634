export { EarningsError, isEarningsError, type EarningsErrorCode } from './errors.js';
export {
  computeAccrual,
  type AccrualInput,
  type AccrualResult,
  type ClampReason,
  type ExplanationStep,
  type MetricDeduction,
  type PostStatus,
  type SnapshotRef,
} from './accrual.js';
export {
  accrueCampaignBatch,
  type BatchCampaign,
  type BatchParticipation,
  type BatchParticipationAfter,
  type BatchPost,
  type BatchPostResult,
  type BatchResult,
} from './batch.js';
export { pacingWindows, windowRemaining, type PacingInput, type PacingWindows } from './pacing.js';
export {
  MAX_HOLD_DAYS,
  formatUtcDay,
  holdEndsAt,
  lockableMicros,
  payableMicros,
  pendingReason,
  pendingReasons,
  type LockableInput,
  type PayableInput,
  type PendingReason,
  type PendingReasonCode,
  type PendingReasonInput,
} from './hold.js';
