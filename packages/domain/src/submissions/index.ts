export { SubmissionUrlError, isSubmissionUrlError, submissionUrlMessage, type SubmissionUrlRefusal } from './errors.js';
export {
  SUBMISSION_HOSTS,
  SUBMISSION_PLATFORMS,
  type SubmissionHostRole,
  type SubmissionPlatform,
} from './platforms.js';
export {
  MAX_SUBMISSION_URL_LENGTH,
  parseSubmissionUrl,
  postDedupKey,
  type ParsedPost,
  type ParsedShortLink,
  type ParsedSubmissionUrl,
  type TikTokShortLinkForm,
} from './post-url.js';
