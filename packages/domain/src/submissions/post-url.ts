import { SubmissionUrlError, type SubmissionUrlRefusal } from './errors.js';
import { SUBMISSION_HOSTS, type SubmissionPlatform } from './platforms.js';

/**
 * Parses a participant's submitted post link into (platform, post id) against an allowlist of hosts and URL
 * forms. Pure: the link is never fetched, resolved or echoed back; the canonical URL is rebuilt from the
 * validated parts only, so nothing of the user's string but the checked id (and handle) reaches it.
 *
 * Decisions worth knowing:
 * - http and https are accepted; the canonical URL is always https. A scheme-less link (`youtu.be/…`) is
 *   refused as not_a_url: the web form can prepend https:// itself if it wants to be lenient.
 * - Surrounding whitespace is trimmed; any whitespace, control or invisible character left inside is refused.
 * - One trailing dot on the host (`youtube.com.`) is dropped: it names the same host, and nothing is fetched.
 * - Numeric ids (TikTok, X) must not start with 0 and must fit the platform's integer type, so one post has
 *   exactly one spelling and one dedup key. YouTube ids must end in one of the 16 characters a 64-bit id can
 *   end in, for the same reason.
 * - Hosts, literal path words and ids are matched on the raw string; the WHATWG URL parser then re-parses
 *   the link and must agree on host, port, credentials and path (it would otherwise silently decode `%79`,
 *   map fullwidth letters, resolve `..`, or turn `\` into `/`).
 */

/** Longer inputs are refused before any parsing. */
export const MAX_SUBMISSION_URL_LENGTH = 2048;

/** A link that names one post by its platform id. */
export type ParsedPost = {
  kind: 'post';
  platform: SubmissionPlatform;
  /** YouTube video id, TikTok video id, Instagram shortcode or X post id. Case-sensitive; compare exactly. */
  postId: string;
  /**
   * The account name written in the link (TikTok, X, and Instagram's /<user>/reel/… form), without "@".
   * A hint for display only: platforms ignore it when resolving the post, so it proves nothing about ownership.
   */
  handle?: string;
  /** https URL rebuilt from platform, postId and handle; parsing it gives the same dedupKey. */
  canonicalUrl: string;
  /** `youtube:<id>`, `tiktok:video:<id>`, `instagram:<code>` or `x:<id>`: one post, one key, on any form. */
  dedupKey: string;
  needsResolution: false;
};

/** Which TikTok short-link service issued a code: vm.tiktok.com, vt.tiktok.com or www.tiktok.com/t/. */
export type TikTokShortLinkForm = 'vm' | 'vt' | 't';

/**
 * A TikTok short link. Its video id is only known by following the redirect, which this module never does:
 * the caller stores it as pending verification and resolves it later, out of band.
 */
export type ParsedShortLink = {
  kind: 'short_link';
  platform: 'tiktok';
  form: TikTokShortLinkForm;
  /** Case-sensitive. */
  shortCode: string;
  canonicalUrl: string;
  /**
   * `tiktok:short:<form>:<code>`. The form is part of the key because the services are not documented to
   * share one code space: a duplicate short link across forms is caught once both resolve to a video id.
   */
  dedupKey: string;
  needsResolution: true;
};

export type ParsedSubmissionUrl = ParsedPost | ParsedShortLink;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]$/;
const INSTAGRAM_CODE = /^[A-Za-z0-9_-]{5,40}$/;
const TIKTOK_SHORT_CODE = /^[A-Za-z0-9]{5,20}$/;
const TIKTOK_HANDLE = /^@([A-Za-z0-9_.]{1,24})$/;
const INSTAGRAM_HANDLE = /^[A-Za-z0-9_.]{1,30}$/;
// X caps new handles at 15 characters; a few older accounts are longer.
const X_HANDLE = /^[A-Za-z0-9_]{1,20}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const TIKTOK_ID_MAX = 2n ** 64n - 1n;
const X_ID_MAX = 2n ** 63n - 1n;

/** Path words Instagram uses at the top level, which therefore cannot be the <user> of /<user>/reel/<code>. */
const INSTAGRAM_RESERVED = new Set(['p', 'reel', 'reels', 'tv', 'share', 'stories', 'explore', 'accounts', 'direct']);

/** Whitespace, C0/C1 controls, invisible formatting (zero-width, bidi, BOM), line separators, lone surrogates, `\`. */
const FORBIDDEN_CHARACTER = /[\p{Cc}\s\p{Cf}\p{Zl}\p{Zp}\p{Cs}\\]/u;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const HOST_CHARACTERS = /^[A-Za-z0-9.-]+$/;
/** WHATWG's "ends in a number": such a host is parsed as an IPv4 address, whatever comes before. */
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;

function refuse(reason: SubmissionUrlRefusal, platform?: SubmissionPlatform): never {
  throw new SubmissionUrlError(reason, platform);
}

function isNumericId(value: string, max: bigint): boolean {
  return NUMERIC_ID.test(value) && BigInt(value) <= max;
}

function isValidPostId(platform: SubmissionPlatform, postId: string): boolean {
  switch (platform) {
    case 'youtube':
      return YOUTUBE_ID.test(postId);
    case 'tiktok':
      return isNumericId(postId, TIKTOK_ID_MAX);
    case 'instagram':
      return INSTAGRAM_CODE.test(postId);
    case 'x':
      return isNumericId(postId, X_ID_MAX);
  }
}

/**
 * The dedup key of a post known by its platform id, e.g. a TikTok short link once resolved to a video id.
 * Throws SubmissionUrlError('bad_id') for an id the parser would not accept, so keys are always normalised.
 */
export function postDedupKey(platform: SubmissionPlatform, postId: string): string {
  if (typeof postId !== 'string' || !isValidPostId(platform, postId)) refuse('bad_id', platform);
  return platform === 'tiktok' ? `tiktok:video:${postId}` : `${platform}:${postId}`;
}

function post(platform: SubmissionPlatform, postId: string, handle?: string): ParsedPost {
  if (!isValidPostId(platform, postId)) refuse('bad_id', platform);
  let canonicalUrl: string;
  switch (platform) {
    case 'youtube':
      canonicalUrl = `https://www.youtube.com/watch?v=${postId}`;
      break;
    case 'tiktok':
      // Every accepted TikTok video form carries a handle; TikTok needs one in the path.
      canonicalUrl = `https://www.tiktok.com/@${handle ?? ''}/video/${postId}`;
      break;
    case 'instagram':
      // /p/ serves reels too; the optional /<user>/ prefix is left out so the URL depends on the code alone.
      canonicalUrl = `https://www.instagram.com/p/${postId}/`;
      break;
    case 'x':
      canonicalUrl = `https://x.com/${handle ?? 'i'}/status/${postId}`;
      break;
  }
  const result: ParsedPost = {
    kind: 'post',
    platform,
    postId,
    canonicalUrl,
    dedupKey: postDedupKey(platform, postId),
    needsResolution: false,
  };
  if (handle !== undefined) result.handle = handle;
  return result;
}

function shortLink(form: TikTokShortLinkForm, shortCode: string): ParsedShortLink {
  if (!TIKTOK_SHORT_CODE.test(shortCode)) refuse('bad_id', 'tiktok');
  const canonicalUrl =
    form === 't' ? `https://www.tiktok.com/t/${shortCode}/` : `https://${form}.tiktok.com/${shortCode}/`;
  return {
    kind: 'short_link',
    platform: 'tiktok',
    form,
    shortCode,
    canonicalUrl,
    dedupKey: `tiktok:short:${form}:${shortCode}`,
    needsResolution: true,
  };
}

/** Path segments with one trailing slash allowed; undefined when the path has an empty segment (`//`). */
function segmentsOf(rawPath: string): string[] | undefined {
  if (rawPath === '' || rawPath === '/') return [];
  const path = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const segments = path.slice(1).split('/');
  return segments.includes('') ? undefined : segments;
}

/** Raw values of one query parameter, undecoded (a percent-encoded id is refused, not decoded). */
function queryValues(rawQuery: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === name) values.push(eq === -1 ? '' : pair.slice(eq + 1));
  }
  return values;
}

function parseYouTube(segments: string[], rawQuery: string): ParsedPost {
  const [first, id, ...rest] = segments;
  if (first === 'watch' && id === undefined) {
    const ids = queryValues(rawQuery, 'v');
    if (ids.length !== 1) refuse('bad_id', 'youtube');
    return post('youtube', ids[0] ?? '');
  }
  if ((first === 'shorts' || first === 'live' || first === 'embed') && id !== undefined && rest.length === 0) {
    return post('youtube', id);
  }
  return refuse('unsupported_path', 'youtube');
}

function parseYoutuBe(segments: string[]): ParsedPost {
  const [id, ...rest] = segments;
  if (id === undefined || rest.length > 0) refuse('unsupported_path', 'youtube');
  return post('youtube', id);
}

function parseTikTok(segments: string[]): ParsedSubmissionUrl {
  const [first, second, third, ...rest] = segments;
  if (first === 't' && second !== undefined && third === undefined) return shortLink('t', second);
  const handle = first === undefined ? undefined : TIKTOK_HANDLE.exec(first)?.[1];
  if (handle !== undefined && second === 'video' && third !== undefined && rest.length === 0) {
    return post('tiktok', third, handle);
  }
  return refuse('unsupported_path', 'tiktok');
}

function parseTikTokShort(host: string, segments: string[]): ParsedShortLink {
  const [code, ...rest] = segments;
  if (code === undefined || rest.length > 0) refuse('unsupported_path', 'tiktok');
  return shortLink(host.startsWith('vm.') ? 'vm' : 'vt', code);
}

function parseInstagram(segments: string[]): ParsedPost {
  const isKind = (word: string | undefined) => word === 'p' || word === 'reel' || word === 'reels' || word === 'tv';
  const [first, second, third, ...rest] = segments;
  if (isKind(first) && second !== undefined && third === undefined) return post('instagram', second);
  if (
    first !== undefined &&
    !INSTAGRAM_RESERVED.has(first) &&
    INSTAGRAM_HANDLE.test(first) &&
    (second === 'p' || second === 'reel') &&
    third !== undefined &&
    rest.length === 0
  ) {
    return post('instagram', third, first);
  }
  return refuse('unsupported_path', 'instagram');
}

function parseX(segments: string[]): ParsedPost {
  // /<user>/status/<id>, /i/status/<id> or /i/web/status/<id>, then optionally /photo/<n> or /video/<n>.
  let handle: string | undefined;
  let afterStatus: string[];
  const [first, second, third, ...rest] = segments;
  if (first === 'i' && second === 'web' && third === 'status') {
    afterStatus = rest;
  } else if (first !== undefined && second === 'status' && third !== undefined) {
    if (first !== 'i') {
      if (!X_HANDLE.test(first)) refuse('unsupported_path', 'x');
      handle = first;
    }
    afterStatus = [third, ...rest];
  } else {
    return refuse('unsupported_path', 'x');
  }
  const [id, media, index, ...extra] = afterStatus;
  if (id === undefined) refuse('unsupported_path', 'x');
  const mediaOk =
    (media === undefined && index === undefined) ||
    ((media === 'photo' || media === 'video') && index !== undefined && /^[1-4]$/.test(index));
  if (!mediaOk || extra.length > 0) refuse('unsupported_path', 'x');
  return post('x', id, handle);
}

/**
 * Parses a submitted post link. Returns the post (or TikTok short link) it names; throws SubmissionUrlError,
 * and nothing else, for any other input. See SubmissionUrlRefusal for the order of the checks.
 */
export function parseSubmissionUrl(input: string): ParsedSubmissionUrl {
  if (typeof input !== 'string') refuse('not_a_url');
  if (input.length > MAX_SUBMISSION_URL_LENGTH) refuse('too_long');
  const link = input.trim();
  if (link === '') refuse('not_a_url');
  if (FORBIDDEN_CHARACTER.test(link)) refuse('invalid_character');

  const scheme = SCHEME.exec(link);
  if (scheme === null) refuse('not_a_url');
  const protocol = (scheme[1] ?? '').toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') refuse('scheme');
  const afterScheme = link.slice(scheme[0].length);
  if (!afterScheme.startsWith('//')) refuse('not_a_url');

  const rest = afterScheme.slice(2);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const pathEnd = afterAuthority.search(/[?#]/);
  const rawPath = pathEnd === -1 ? afterAuthority : afterAuthority.slice(0, pathEnd);
  const afterPath = pathEnd === -1 ? '' : afterAuthority.slice(pathEnd);
  const rawQuery = afterPath.startsWith('?') ? afterPath.slice(1).split('#', 1)[0]! : '';

  if (authority === '') refuse('not_a_url');
  if (authority.includes('@')) refuse('userinfo');
  if (authority.startsWith('[')) refuse('ip_literal');
  if (authority.includes(':')) refuse('port');
  if (!HOST_CHARACTERS.test(authority)) refuse('host_not_allowed');
  const lowered = authority.toLowerCase();
  const host = lowered.endsWith('.') ? lowered.slice(0, -1) : lowered;
  if (NUMERIC_LABEL.test(host.slice(host.lastIndexOf('.') + 1))) refuse('ip_literal');
  const role = SUBMISSION_HOSTS.get(host);
  if (role === undefined) refuse('host_not_allowed');
  const platform: SubmissionPlatform = role === 'youtu.be' ? 'youtube' : role === 'tiktok-short' ? 'tiktok' : role;

  // The WHATWG parser must read the same link we did; any disagreement is a trick or a mistake.
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return refuse('not_a_url');
  }
  const parsedHost = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (url.protocol !== `${protocol}:`) refuse('scheme');
  if (url.username !== '' || url.password !== '') refuse('userinfo');
  if (url.port !== '') refuse('port');
  if (parsedHost !== host) refuse('host_not_allowed');
  if (url.pathname !== (rawPath === '' ? '/' : rawPath)) refuse('unsupported_path', platform);

  const segments = segmentsOf(rawPath);
  if (segments === undefined) refuse('unsupported_path', platform);
  switch (role) {
    case 'youtube':
      return parseYouTube(segments, rawQuery);
    case 'youtu.be':
      return parseYoutuBe(segments);
    case 'tiktok':
      return parseTikTok(segments);
    case 'tiktok-short':
      return parseTikTokShort(host, segments);
    case 'instagram':
      return parseInstagram(segments);
    case 'x':
      return parseX(segments);
  }
}
