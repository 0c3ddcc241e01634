export {
  ACCEPTED_MEDIA_SUMMARY,
  type DeclaredUpload,
  defaultMediaLimits,
  extensionOf,
  type ImageSourceFormat,
  type InspectedImage,
  type InspectedMedia,
  type InspectedVideo,
  inspectUpload,
  type MediaLimits,
  type VideoFormat,
} from './media-intake.js';
export { MediaIntakeService } from './media-intake.service.js';
export { isMediaError, MediaError, type MediaErrorReason, mediaErrorToAppError } from './media.errors.js';
