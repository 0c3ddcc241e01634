import { AppError } from '../errors/app-error.js';

/** Why an upload was refused. Every reason is a client problem: the same bytes will be refused again. */
export type MediaErrorReason =
  /** The file has no bytes at all. */
  | 'empty'
  /** The file is larger than the limit of its kind (checked before anything is decoded). */
  | 'too_large'
  /**
   * The bytes are not one of the accepted formats (JPEG, PNG, WebP, GIF, MP4, WebM, MOV), whatever the name or
   * declared content type says: SVG, HTML, PDF, archives, executables and unrecognised bytes all land here.
   */
  | 'unsupported_type'
  /** The bytes are an accepted format, but the file name's extension names another type (PNG bytes in "x.jpg"). */
  | 'extension_mismatch'
  /** The image header declares more pixels (width × height) than the limit: a decompression bomb, or just too big. */
  | 'pixel_limit'
  /** The image starts like an accepted format but cannot be decoded: truncated, damaged or crafted. */
  | 'corrupt';

export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly reason: MediaErrorReason;
  /** The file name as the client declared it (never trusted for anything but messages). */
  readonly filename: string;

  constructor(reason: MediaErrorReason, filename: string, message: string) {
    super(message);
    this.reason = reason;
    this.filename = filename;
  }
}

export function isMediaError(value: unknown): value is MediaError {
  return value instanceof MediaError;
}

/**
 * The API answer for a refused upload: 422 UPLOAD_REJECTED, with `details.reason` (a MediaErrorReason) so a
 * client can react per reason (a "too_large" tells the user to compress, an "extension_mismatch" to rename) and
 * `details.field` naming the multipart field the file came in.
 */
export function mediaErrorToAppError(error: MediaError, field = 'file'): AppError {
  return new AppError('UPLOAD_REJECTED', error.message, { reason: error.reason, filename: error.filename, field });
}
