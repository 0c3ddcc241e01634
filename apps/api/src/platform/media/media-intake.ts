// Media intake: decides what an uploaded file really is and turns it into something safe to store and serve.
//
// The rules, and why:
// - The type comes from the bytes (file-type's magic-number sniffing), never from the file name or the declared
//   content type: both are chosen by the uploader. A name whose extension names another type is refused, so a
//   hostile or confused upload is caught instead of silently relabelled.
// - Accepted: JPEG, PNG, WebP and GIF images; MP4, WebM and QuickTime (MOV) videos. Everything else is refused,
//   notably SVG (text that can carry script), HTML, PDF, archives and executables. AVIF/HEIC are refused too: one
//   more decoder on untrusted input for formats creators rarely upload (phones hand browsers JPEG).
// - Images are decoded and re-encoded by sharp, so the stored file holds pixels and nothing else: EXIF (GPS, camera
//   serials), ICC, XMP and comments are dropped (sharp keeps none unless asked with keepMetadata/withMetadata, which
//   this code never calls), and bytes smuggled after or inside the image (a ZIP appended to a JPEG, HTML in a PNG
//   text chunk or a GIF comment) do not survive. Every image is stored as WebP (one format to serve, alpha kept,
//   small files); EXIF orientation is applied first so the pixels stand upright without the tag. GIF and animated
//   WebP keep their first frame only: animations are not supported.
// - Pixel bombs are refused from the header: sharp checks width × height against limitInputPixels before decoding.
//   Truncated and damaged images are refused (failOn: 'error'; 'warning' would also refuse many real phone JPEGs
//   that carry harmless warnings).
// - Videos are NOT transcoded or inspected beyond their magic bytes and size (there is no ffmpeg here): the bytes
//   are stored exactly as uploaded, metadata included (an iPhone MOV carries the GPS position where it was shot).
//   Serve them only with the detected Content-Type, `X-Content-Type-Options: nosniff` and preferably from another
//   origin, so a video that is also something else is never interpreted as that something else.
// - Size limits are checked on the byte count before anything is decoded. The caller still has to cap the upload
//   while it streams in (@fastify/multipart's limits.fileSize), since this function receives the whole buffer.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { MediaError } from './media.errors.js';

export type MediaLimits = {
  /** Largest image upload, in bytes (before re-encoding). */
  maxImageBytes: number;
  /** Largest video upload, in bytes. */
  maxVideoBytes: number;
  /** Largest image, in pixels (width × height) as its header declares them. */
  maxInputPixels: number;
  /** Re-encoded images are scaled down (never up) to fit this many pixels on their longer side. */
  maxDimension: number;
  /** Give up decoding an image after this long; a timeout is thrown as is (it may be load, not the file). */
  timeoutSeconds: number;
};

export const defaultMediaLimits: Readonly<MediaLimits> = Object.freeze({
  maxImageBytes: 10 * 1024 * 1024,
  maxVideoBytes: 200 * 1024 * 1024,
  maxInputPixels: 40_000_000,
  maxDimension: 4096,
  timeoutSeconds: 30,
});

export type DeclaredUpload = {
  /** The client's file name: used to check its extension and in messages, nothing else. */
  filename: string;
  /** The client's Content-Type: ignored for the decision (browsers derive it from the extension anyway). */
  contentType?: string | undefined;
};

export type ImageSourceFormat = 'jpeg' | 'png' | 'webp' | 'gif';
export type VideoFormat = 'mp4' | 'webm' | 'mov';

export type InspectedImage = {
  kind: 'image';
  /** Always WebP: every image is re-encoded. */
  mime: 'image/webp';
  ext: 'webp';
  /** The format the upload was in (from its bytes). */
  sourceFormat: ImageSourceFormat;
  /** Of the re-encoded image: upright (EXIF orientation applied) and within maxDimension. */
  width: number;
  height: number;
  /** The re-encoded file: pixels only, no metadata. This is what to store. */
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
};

export type InspectedVideo = {
  kind: 'video';
  mime: 'video/mp4' | 'video/webm' | 'video/quicktime';
  ext: VideoFormat;
  /** The uploaded bytes, unchanged (videos are not transcoded). */
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
};

export type InspectedMedia = InspectedImage | InspectedVideo;

type Accepted =
  | { kind: 'image'; format: ImageSourceFormat; label: string; noun: string; extensions: readonly string[] }
  | {
      kind: 'video';
      format: VideoFormat;
      mime: InspectedVideo['mime'];
      label: string;
      noun: string;
      extensions: readonly string[];
    };

/** Accepted formats, keyed by file-type's `ext`. Extensions are the names a file of that format may carry. */
const accepted: Readonly<Record<string, Accepted>> = {
  jpg: {
    kind: 'image',
    format: 'jpeg',
    label: 'JPEG',
    noun: 'a JPEG image',
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif'],
  },
  png: { kind: 'image', format: 'png', label: 'PNG', noun: 'a PNG image', extensions: ['png'] },
  webp: { kind: 'image', format: 'webp', label: 'WebP', noun: 'a WebP image', extensions: ['webp'] },
  gif: { kind: 'image', format: 'gif', label: 'GIF', noun: 'a GIF image', extensions: ['gif'] },
  mp4: { kind: 'video', format: 'mp4', mime: 'video/mp4', label: 'MP4', noun: 'an MP4 video', extensions: ['mp4'] },
  webm: {
    kind: 'video',
    format: 'webm',
    mime: 'video/webm',
    label: 'WebM',
    noun: 'a WebM video',
    extensions: ['webm'],
  },
  mov: {
    kind: 'video',
    format: 'mov',
    mime: 'video/quicktime',
    label: 'MOV',
    noun: 'a MOV (QuickTime) video',
    extensions: ['mov', 'qt'],
  },
};

export const ACCEPTED_MEDIA_SUMMARY = 'only JPEG, PNG, WebP, GIF images and MP4, WebM, MOV videos are accepted';

/** How refused formats are named in messages (file-type's `ext` → words); others fall back to their MIME type. */
const refusedNames: Readonly<Record<string, string>> = {
  pdf: 'a PDF document',
  xml: 'an XML document (SVG images are not accepted: they can carry scripts)',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gz: 'a gzip archive',
  tar: 'a tar archive',
  exe: 'a Windows program',
  elf: 'a Linux program',
  macho: 'a macOS program',
  avif: 'an AVIF image',
  heic: 'a HEIC image',
  tif: 'a TIFF image',
  bmp: 'a BMP image',
  ico: 'an icon file',
  psd: 'a Photoshop document',
  mkv: 'a Matroska (MKV) video',
  avi: 'an AVI video',
  m4v: 'an M4V video',
  '3gp': 'a 3GP video',
  mp3: 'an MP3 audio file',
  m4a: 'an M4A audio file',
};

/** Inspects an upload; resolves with what to store, or rejects with a MediaError saying why it is refused. */
export async function inspectUpload(
  bytes: Buffer,
  declared: DeclaredUpload,
  limits: Partial<MediaLimits> = {},
): Promise<InspectedMedia> {
  const limit: MediaLimits = { ...defaultMediaLimits, ...limits };
  const named = describeName(declared.filename);
  const refuse = (reason: MediaError['reason'], message: string) => new MediaError(reason, declared.filename, message);

  if (bytes.length === 0) throw refuse('empty', `${named} is empty.`);
  const largest = Math.max(limit.maxImageBytes, limit.maxVideoBytes);
  if (bytes.length > largest) {
    throw refuse(
      'too_large',
      `${named} is ${formatBytes(bytes.length)}; the largest accepted file is ${formatBytes(largest)}.`,
    );
  }

  const detected = await fileTypeFromBuffer(bytes);
  const spec = detected ? accepted[detected.ext] : undefined;
  if (!spec) {
    throw refuse('unsupported_type', `${named} is ${describeRefused(bytes, detected)}; ${ACCEPTED_MEDIA_SUMMARY}.`);
  }

  const extension = extensionOf(declared.filename);
  if (extension !== undefined && !spec.extensions.includes(extension)) {
    const claimed = Object.values(accepted).find((a) => a.extensions.includes(extension));
    const says = claimed ? `says ${claimed.label}` : `ends in ".${extension}"`;
    throw refuse(
      'extension_mismatch',
      `${named} is ${spec.noun}, but its name ${says}; rename it to .${spec.extensions[0]} or upload the original file.`,
    );
  }

  const max = spec.kind === 'image' ? limit.maxImageBytes : limit.maxVideoBytes;
  if (bytes.length > max) {
    throw refuse(
      'too_large',
      `${named} is ${formatBytes(bytes.length)}; ${spec.kind}s may be at most ${formatBytes(max)}.`,
    );
  }

  if (spec.kind === 'video') {
    return { kind: 'video', mime: spec.mime, ext: spec.format, bytes, sha256: sha256(bytes) };
  }
  return reencodeImage(bytes, spec.format, spec.label, limit, named, refuse);
}

async function reencodeImage(
  bytes: Buffer,
  format: ImageSourceFormat,
  label: string,
  limit: MediaLimits,
  named: string,
  refuse: (reason: MediaError['reason'], message: string) => MediaError,
): Promise<InspectedImage> {
  // pages: 1 reads the first frame of an animation only; limitInputPixels is checked against the header.
  const image = sharp(bytes, { failOn: 'error', limitInputPixels: limit.maxInputPixels, pages: 1, page: 0 });
  const unreadable = () =>
    refuse('corrupt', `${named} could not be read as a ${label} image: it is damaged or truncated.`);
  const tooManyPixels = (width?: number, height?: number) =>
    refuse(
      'pixel_limit',
      `${named} is ${width && height ? `${width} × ${height} pixels` : 'too many pixels'}; images may have at most ${(
        limit.maxInputPixels / 1_000_000
      ).toLocaleString('en')} megapixels.`,
    );

  try {
    const header = await image.metadata();
    // Belt and braces: sharp picks its own decoder from the bytes; it must agree with the format we allowed
    // (sharp also decodes SVG, PDF and TIFF, which must never reach it through a mislabelled upload).
    if (header.format !== format) throw unreadable();
    const output = await image
      .autoOrient()
      .resize({ width: limit.maxDimension, height: limit.maxDimension, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .timeout({ seconds: limit.timeoutSeconds })
      .toBuffer({ resolveWithObject: true });
    return {
      kind: 'image',
      mime: 'image/webp',
      ext: 'webp',
      sourceFormat: format,
      width: output.info.width,
      height: output.info.height,
      bytes: output.data,
      sha256: sha256(output.data),
    };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/exceeds pixel limit/i.test(message)) throw tooManyPixels(...(await declaredSize(bytes)));
    if (/timeout/i.test(message)) throw error;
    throw unreadable();
  }
}

/** The dimensions a refused image claims, read without the pixel limit (header only: nothing is decoded). */
async function declaredSize(bytes: Buffer): Promise<[number?, number?]> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
    return [width, height];
  } catch {
    return [];
  }
}

/** The lower-cased extension of a client file name, or undefined when it has none. */
export function extensionOf(filename: string): string | undefined {
  const base =
    filename
      .replace(/[\s.]+$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined; // no dot, or a leading dot only (".png" is a name, not an extension)
  return base.slice(dot + 1).toLowerCase();
}

function describeRefused(bytes: Buffer, detected: { ext: string; mime: string } | undefined): string {
  if (detected) return refusedNames[detected.ext] ?? `a ${detected.mime} file`;
  // file-type does not sniff text formats; say what the common hostile ones are.
  const head = bytes
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
    return 'an SVG image (not accepted: SVG can carry scripts)';
  }
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<')) {
    return 'an HTML or XML document';
  }
  return 'not a recognised image or video';
}

function describeName(filename: string): string {
  // Control characters and long names are trimmed: the message is shown to people and written to logs.
  // eslint-disable-next-line no-control-regex
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean) return 'The uploaded file';
  const short = clean.length > 80 ? `${clean.slice(0, 60)}…${clean.slice(-15)}` : clean;
  return `The file named ${JSON.stringify(short)}`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
