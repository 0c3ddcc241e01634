import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import {
  extensionOf,
  type InspectedImage,
  inspectUpload,
  isMediaError,
  MediaError,
  type MediaErrorReason,
  mediaErrorToAppError,
  MediaIntakeService,
} from './index.js';

// ---- fixtures, all made here: real images from sharp, hand-built containers for the rest ----

/** A deterministic noisy RGB image (noise, so JPEG/WebP encoders produce real entropy-coded data). */
function pixels(width: number, height: number, seed = 1): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919 + seed * 104_729) % 251;
  return raw;
}
const image = (width = 64, height = 48) => sharp(pixels(width, height), { raw: { width, height, channels: 3 } });
const jpeg = (w?: number, h?: number) => image(w, h).jpeg().toBuffer();
const png = (w?: number, h?: number) => image(w, h).png().toBuffer();
const webp = (w?: number, h?: number) => image(w, h).webp().toBuffer();
const gif = (w?: number, h?: number) => image(w, h).gif().toBuffer();

/** CRC-32 (IEEE), as PNG chunks need; written out so the fixtures do not depend on zlib.crc32 typings. */
function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A well-formed PNG (valid CRCs) whose header claims width × height, with a few bytes of actual data. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Inserts a chunk right after IHDR (signature 8 bytes + IHDR chunk 25 bytes). */
function withPngChunk(file: Buffer, chunk: Buffer): Buffer {
  return Buffer.concat([file.subarray(0, 33), chunk, file.subarray(33)]);
}

/** Inserts a GIF comment extension after the header, logical screen descriptor and global colour table. */
function withGifComment(file: Buffer, comment: string): Buffer {
  const packed = file[10]!;
  const at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const text = Buffer.from(comment, 'latin1');
  if (text.length > 255) throw new Error('one sub-block only');
  return Buffer.concat([
    file.subarray(0, at),
    Buffer.from([0x21, 0xfe, text.length]),
    text,
    Buffer.from([0]),
    file.subarray(at),
  ]);
}

/** Inserts a JPEG COM segment right after SOI. */
function withJpegComment(file: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, 'latin1');
  const marker = Buffer.from([0xff, 0xfe, 0, 0]);
  marker.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([file.subarray(0, 2), marker, text, file.subarray(2)]);
}

/** A minimal ZIP archive (one stored file) as appended to "GIFAR"-style polyglots. */
function zipArchive(name: string, content: string): Buffer {
  const data = Buffer.from(content, 'latin1');
  const fileName = Buffer.from(name, 'latin1');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(10, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** An ISO BMFF box. */
function box(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}
/** The first boxes of an MP4/MOV: ftyp with the given brands, then an (empty) mdat. */
function isoMedia(major: string, compatible: string[]): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.concat([
      Buffer.from(major, 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      ...compatible.map((c) => Buffer.from(c, 'latin1')),
    ]),
  );
  return Buffer.concat([ftyp, box('free', Buffer.alloc(8)), box('mdat', Buffer.alloc(64, 0x2a))]);
}
const mp4 = () => isoMedia('isom', ['isom', 'iso2', 'avc1', 'mp41']);
const mov = () => isoMedia('qt  ', ['qt  ']);
/** An EBML header with DocType "webm" (or "matroska"), then the start of a Segment. */
const ebml = (docType: 'webm' | 'matroska') =>
  Buffer.concat([
    Buffer.from('1a45dfa3' + (docType === 'webm' ? '9f' : 'a3') + '4286810142f7810142f2810442f38108', 'hex'),
    Buffer.from([0x42, 0x82, 0x80 | docType.length]),
    Buffer.from(docType, 'latin1'),
    Buffer.from('42878104428581021853806701000000000000', 'hex'),
  ]);

const SECRET = 'SECRET-PAYLOAD-7f3a';
const SCRIPT = `<script>alert("${SECRET}")</script>`;

async function refusal(promise: Promise<unknown>): Promise<MediaError> {
  try {
    await promise;
  } catch (error) {
    if (isMediaError(error)) return error;
    throw error;
  }
  throw new Error('expected the upload to be refused, but it was accepted');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function expectOnlyPixels(result: InspectedImage, ...forbidden: (string | Buffer)[]) {
  for (const needle of forbidden)
    expect(result.bytes.includes(needle), `output contains ${String(needle)}`).toBe(false);
}

// ---- accepted images ----

describe('images are re-encoded to WebP', () => {
  test.each([
    ['photo.jpg', jpeg, 'jpeg'],
    ['photo.JPEG', jpeg, 'jpeg'],
    ['screen.png', png, 'png'],
    ['sticker.webp', webp, 'webp'],
    ['loop.gif', gif, 'gif'],
    ['blob', png, 'png'], // no extension: nothing contradicts the bytes
  ] as const)('%s (%s bytes) is accepted as a %s source', async (filename, make, sourceFormat) => {
    const input = await make();
    const result = await inspectUpload(input, { filename });
    expect(result).toMatchObject({
      kind: 'image',
      mime: 'image/webp',
      ext: 'webp',
      sourceFormat,
      width: 64,
      height: 48,
    });
    const stored = result.bytes;
    expect(await fileTypeFromBuffer(stored)).toEqual({ ext: 'webp', mime: 'image/webp' });
    expect(result.sha256).toBe(sha256(stored));
    expect(stored.equals(input)).toBe(false);
    expect((await sharp(stored).metadata()).format).toBe('webp');
  });

  test('EXIF, XMP and ICC metadata are stripped, and EXIF orientation is applied to the pixels', async () => {
    const input = await image(64, 48)
      .jpeg()
      .withExif({ IFD0: { Copyright: `EXIF-${SECRET}`, Artist: 'Jane Creator' } })
      .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">XMP-${SECRET}</x:xmpmeta>`)
      .withIccProfile('p3')
      .withMetadata({ orientation: 6 }) // "rotate 90° clockwise to display"
      .toBuffer();
    // The fixture really carries all of it.
    const before = await sharp(input).metadata();
    expect(before).toMatchObject({ orientation: 6, width: 64, height: 48 });
    expect([before.exif, before.xmp, before.icc].every(Boolean)).toBe(true);
    expect(input.includes(`EXIF-${SECRET}`) && input.includes(`XMP-${SECRET}`)).toBe(true);

    const result = (await inspectUpload(input, { filename: 'portrait.jpg' })) as InspectedImage;

    expect([result.width, result.height]).toEqual([48, 64]); // upright
    const after = await sharp(result.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expectOnlyPixels(result, SECRET, 'Jane Creator', 'Exif', 'EXIF', 'XMP ', 'ICCP');
  });

  test('large images are scaled down to maxDimension on their longer side, small ones are not enlarged', async () => {
    const big = (await inspectUpload(
      await png(300, 120),
      { filename: 'wide.png' },
      { maxDimension: 100 },
    )) as InspectedImage;
    expect([big.width, big.height]).toEqual([100, 40]);
    const small = (await inspectUpload(
      await png(30, 20),
      { filename: 'small.png' },
      { maxDimension: 100 },
    )) as InspectedImage;
    expect([small.width, small.height]).toEqual([30, 20]);
  });

  test('an animated GIF keeps its first frame only', async () => {
    const [w, h] = [32, 24];
    const frames = [10, 120, 240].map((v) => Buffer.alloc(w * h * 3, v));
    const animated = await sharp(Buffer.concat(frames), {
      raw: { width: w, height: h * 3, channels: 3, pageHeight: h },
    })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);

    const result = (await inspectUpload(animated, { filename: 'anim.gif' })) as InspectedImage;

    expect([result.width, result.height]).toEqual([w, h]);
    const after = await sharp(result.bytes).metadata();
    expect(after.pages ?? 1).toBe(1);
    const { data } = await sharp(result.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[0]! - 10)).toBeLessThan(16); // the first frame's colour, not the second's (120)
  });
});

// ---- hostile images ----

describe('polyglots: the stored file holds pixels only', () => {
  test('a GIF with script in a comment extension and HTML appended', async () => {
    const input = Buffer.concat([
      withGifComment(await gif(), SCRIPT),
      Buffer.from(`<html><body>${SCRIPT}</body></html>`),
    ]);
    expect(await fileTypeFromBuffer(input)).toMatchObject({ ext: 'gif' });
    const result = (await inspectUpload(input, { filename: 'innocent.gif' })) as InspectedImage;
    expect(result.kind).toBe('image');
    expectOnlyPixels(result, SECRET, '<script', '<html');
  });

  test('a JPEG with a ZIP archive appended (and script in a COM segment)', async () => {
    const zip = zipArchive('evil.html', SCRIPT);
    const input = Buffer.concat([withJpegComment(await jpeg(), SCRIPT), zip]);
    const result = (await inspectUpload(input, { filename: 'photo.jpg' })) as InspectedImage;
    expectOnlyPixels(
      result,
      SECRET,
      '<script',
      'evil.html',
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from([0x50, 0x4b, 0x05, 0x06]),
    );
  });

  test('a PNG with HTML in a tEXt chunk and after IEND', async () => {
    const text = pngChunk('tEXt', Buffer.from(`Comment\0<html>${SCRIPT}</html>`, 'latin1'));
    const input = Buffer.concat([withPngChunk(await png(), text), Buffer.from(`<!-- ${SCRIPT} -->`)]);
    expect((await sharp(input).metadata()).comments?.[0]?.text).toContain(SECRET); // the chunk is really there
    const result = (await inspectUpload(input, { filename: 'screen.png' })) as InspectedImage;
    expectOnlyPixels(result, SECRET, '<script', '<html', 'tEXt');
  });
});

describe('refused uploads', () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">${SCRIPT}</svg>`;
  test.each<[string, () => Buffer | Promise<Buffer>, RegExp]>([
    ['logo.svg', () => Buffer.from(svg), /SVG image/],
    ['logo.png', () => Buffer.from(svg), /SVG image/],
    ['logo.png', () => Buffer.from(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n${svg}`), /SVG/],
    ['page.png', () => Buffer.from(`<!DOCTYPE html><html><body>${SCRIPT}</body></html>`), /HTML/],
    ['page.gif', () => Buffer.from(`  <html>${SCRIPT}`), /HTML/],
    [
      'x.png',
      () => Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
      /PDF document/,
    ],
    ['archive.jpg', () => zipArchive('a.txt', 'hello'), /ZIP archive/],
    ['setup.jpg', () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]), /Windows program/],
    ['notes.txt', () => Buffer.from('just some text, not an image'), /not a recognised image or video/],
    ['film.mkv', () => ebml('matroska'), /Matroska/],
    ['song.m4a', () => isoMedia('M4A ', ['M4A ', 'isom']), /audio/],
    ['scan.tif', () => image().tiff().toBuffer(), /TIFF image/],
    ['photo.avif', () => image().avif().toBuffer(), /AVIF image/],
  ])('%s holding %s is refused as unsupported_type', async (filename, make, named) => {
    const error = await refusal(inspectUpload(await make(), { filename, contentType: 'image/png' }));
    expect(error.reason).toBe('unsupported_type');
    expect(error.filename).toBe(filename);
    expect(error.message).toContain(`The file named "${filename}" is `);
    expect(error.message).toMatch(named);
    expect(error.message).toContain('only JPEG, PNG, WebP, GIF images and MP4, WebM, MOV videos are accepted');
  });

  test('the message for a PDF named .png reads as a sentence', async () => {
    const error = await refusal(inspectUpload(Buffer.from('%PDF-1.4\n%\xe2\xe3\n', 'latin1'), { filename: 'x.png' }));
    expect(error.message).toBe(
      'The file named "x.png" is a PDF document; only JPEG, PNG, WebP, GIF images and MP4, WebM, MOV videos are accepted.',
    );
  });

  test.each<[string, () => Promise<Buffer> | Buffer, RegExp]>([
    ['photo.jpg', png, /is a PNG image, but its name says JPEG; rename it to \.png/],
    ['photo.png', jpeg, /is a JPEG image, but its name says PNG; rename it to \.jpg/],
    ['photo.webp', gif, /is a GIF image, but its name says WebP/],
    ['clip.mp4', png, /is a PNG image, but its name says MP4/],
    ['logo.svg', png, /is a PNG image, but its name ends in "\.svg"/],
    ['page.html', jpeg, /is a JPEG image, but its name ends in "\.html"/],
    ['clip.mov', mp4, /is an MP4 video, but its name says MOV; rename it to \.mp4/],
    ['clip.mp4', mov, /is a MOV \(QuickTime\) video, but its name says MP4; rename it to \.mov/],
    ['clip.webm', mp4, /is an MP4 video, but its name says WebM/],
  ])('%s is refused as extension_mismatch', async (filename, make, message) => {
    const error = await refusal(inspectUpload(await make(), { filename }));
    expect(error.reason).toBe('extension_mismatch');
    expect(error.message).toMatch(message);
  });

  test('the declared content type decides nothing: PNG bytes declared as SVG are accepted as PNG', async () => {
    const result = await inspectUpload(await png(), { filename: 'a.png', contentType: 'image/svg+xml' });
    expect(result).toMatchObject({ kind: 'image', sourceFormat: 'png' });
  });

  test('an empty file', async () => {
    const error = await refusal(inspectUpload(Buffer.alloc(0), { filename: 'nothing.png' }));
    expect(error.reason).toBe('empty');
    expect(error.message).toBe('The file named "nothing.png" is empty.');
  });

  test('an image over the image limit is refused before decoding', async () => {
    // A PNG signature and header followed by garbage: decoding fails as corrupt, so too_large proves that no
    // decode was tried.
    const input = Buffer.concat([(await png()).subarray(0, 33), Buffer.alloc(4071, 0x41)]);
    const error = await refusal(inspectUpload(input, { filename: 'big.png' }, { maxImageBytes: 4000 }));
    expect(error.reason).toBe('too_large');
    expect(error.message).toBe('The file named "big.png" is 4 KiB; images may be at most 3.9 KiB.');
    // The same bytes under the limit are decoded, and found corrupt.
    expect((await refusal(inspectUpload(input, { filename: 'big.png' }))).reason).toBe('corrupt');
  });

  test('a video over the video limit, and anything over the largest limit before it is even sniffed', async () => {
    const video = Buffer.concat([mp4(), Buffer.alloc(2000)]);
    const limits = { maxImageBytes: 1000, maxVideoBytes: 1500 };
    const tooBigVideo = await refusal(
      inspectUpload(video.subarray(0, 1400), { filename: 'a.mp4' }, { maxImageBytes: 2000, maxVideoBytes: 1300 }),
    );
    expect(tooBigVideo.reason).toBe('too_large');
    expect(tooBigVideo.message).toMatch(/videos may be at most 1\.3 KiB/);
    const tooBigAnything = await refusal(inspectUpload(Buffer.alloc(1600, 0x20), { filename: 'a.txt' }, limits));
    expect(tooBigAnything.reason).toBe('too_large');
    expect(tooBigAnything.message).toMatch(/the largest accepted file is 1\.5 KiB/);
    // A video between the image and the video limit is fine.
    expect((await inspectUpload(video.subarray(0, 1400), { filename: 'a.mp4' }, limits)).kind).toBe('video');
  });

  test('a pixel bomb: a valid PNG header claiming 100000 × 100000 pixels', async () => {
    const input = pngClaiming(100_000, 100_000);
    expect(input.length).toBeLessThan(200);
    const error = await refusal(inspectUpload(input, { filename: 'bomb.png' }));
    expect(error.reason).toBe('pixel_limit');
    expect(error.message).toBe(
      'The file named "bomb.png" is 100000 × 100000 pixels; images may have at most 40 megapixels.',
    );
  });

  test('a real image just over a lowered pixel limit', async () => {
    const error = await refusal(inspectUpload(await jpeg(100, 50), { filename: 'a.jpg' }, { maxInputPixels: 4999 }));
    expect(error.reason).toBe('pixel_limit');
    expect(error.message).toMatch(/100 × 50 pixels/);
    expect((await inspectUpload(await jpeg(100, 50), { filename: 'a.jpg' }, { maxInputPixels: 5000 })).kind).toBe(
      'image',
    );
  });

  test.each<[string, string, () => Promise<Buffer>]>([
    ['truncated JPEG', 'half.jpg', async () => (await jpeg(640, 480)).subarray(0, 4000)],
    [
      'JPEG magic then garbage',
      'fake.jpg',
      async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]),
    ],
    [
      'PNG with a bad chunk CRC',
      'bad.png',
      async () => {
        const bytes = Buffer.from(await png());
        bytes[29] = bytes[29]! ^ 0xff; // inside IHDR's CRC
        return bytes;
      },
    ],
    [
      'truncated PNG',
      'half.png',
      async () => {
        const whole = await png(200, 200);
        return whole.subarray(0, whole.length / 2);
      },
    ],
    ['GIF header only', 'head.gif', async () => Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1')],
  ])('%s is refused as corrupt', async (_case, filename, make) => {
    const error = await refusal(inspectUpload(await make(), { filename }));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toMatch(
      new RegExp(`^The file named "${filename.replace('.', '\\.')}" could not be read as a (JPEG|PNG|GIF) image`),
    );
  });

  test('file names in messages are cleaned of control characters and shortened', async () => {
    const long = `${'a'.repeat(200)}\u0000\n.svg`;
    const error = await refusal(inspectUpload(Buffer.from('<svg/>'), { filename: long }));
    expect(error.filename).toBe(long);
    // eslint-disable-next-line no-control-regex
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message).toMatch(/^The file named "a{60}…a{11}\.svg" is an SVG image/);
    expect((await refusal(inspectUpload(Buffer.alloc(0), { filename: ' ' }))).message).toBe(
      'The uploaded file is empty.',
    );
  });
});

// ---- videos ----

describe('videos are accepted by magic bytes and size, stored unchanged', () => {
  test.each([
    ['clip.mp4', mp4, 'video/mp4', 'mp4'],
    ['IMG_0001.MOV', mov, 'video/quicktime', 'mov'],
    ['clip.webm', () => ebml('webm'), 'video/webm', 'webm'],
    ['upload', mp4, 'video/mp4', 'mp4'],
  ] as const)('%s', async (filename, make, mime, ext) => {
    const input = make();
    const result = await inspectUpload(input, { filename, contentType: 'application/octet-stream' });
    expect(result).toMatchObject({ kind: 'video', mime, ext });
    expect(result.bytes.equals(input)).toBe(true);
    expect(result.sha256).toBe(sha256(input));
  });
});

// ---- helpers and wiring ----

describe('extensionOf', () => {
  test.each([
    ['photo.JPG', 'jpg'],
    ['archive.tar.gz', 'gz'],
    ['C:\\Users\\me\\pic.png', 'png'],
    ['dir.d/file', undefined],
    ['.png', undefined],
    ['blob', undefined],
    ['photo.png. ', 'png'],
    ['', undefined],
  ])('%j -> %s', (filename, ext) => {
    expect(extensionOf(filename)).toBe(ext);
  });
});

describe('mediaErrorToAppError', () => {
  test.each<MediaErrorReason>([
    'too_large',
    'empty',
    'unsupported_type',
    'extension_mismatch',
    'pixel_limit',
    'corrupt',
  ])('%s -> 422 UPLOAD_REJECTED with the reason in details', (reason) => {
    const app = mediaErrorToAppError(new MediaError(reason, 'x.png', 'The file named "x.png" is wrong.'), 'video');
    expect(app).toMatchObject({ status: 422, code: 'UPLOAD_REJECTED', message: 'The file named "x.png" is wrong.' });
    expect(app.details).toEqual({ reason, filename: 'x.png', field: 'video' });
  });
});

test('MediaIntakeService.inspect applies per-call limits', async () => {
  const service = new MediaIntakeService();
  expect((await service.inspect(await png(), { filename: 'a.png' })).kind).toBe('image');
  expect((await refusal(service.inspect(await png(), { filename: 'a.png' }, { maxImageBytes: 10 }))).reason).toBe(
    'too_large',
  );
});
