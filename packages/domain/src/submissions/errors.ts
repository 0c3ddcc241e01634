import type { SubmissionPlatform } from './platforms.js';

/**
 * Why a submitted post URL was refused. Raised by parseSubmissionUrl (and bad_id by postDedupKey); the checks run in
 * this order, so an input is refused for the first reason that applies.
 */
export type SubmissionUrlRefusal =
  /** The input is longer than MAX_SUBMISSION_URL_LENGTH (2048) UTF-16 units; nothing else was looked at. */
  | 'too_long'
  /** Not a string, empty after trimming, no `scheme:` at the start, no `//` after it, or no host. */
  | 'not_a_url'
  /**
   * After trimming, the link still holds whitespace, a control or invisible formatting character (C0, C1,
   * zero-width, bidi), a lone surrogate or a backslash (which parsers disagree on).
   */
  | 'invalid_character'
  /** The scheme is anything but http or https (javascript:, data:, file:, ftp:, …). */
  | 'scheme'
  /** The authority holds a user name or password (`user@host`, `youtube.com@evil.com`). */
  | 'userinfo'
  /** The host is an IP address, in any notation a URL parser accepts (dotted, integer, octal, hex, [IPv6]). */
  | 'ip_literal'
  /** The authority holds a port (`host:443`, even an empty one: `host:`). */
  | 'port'
  /** The host is not exactly one of the allowlisted hosts (look-alikes, punycode, non-ASCII, other sites). */
  | 'host_not_allowed'
  /** The host is allowlisted but the path is not one of the accepted post forms (a channel, a profile, …). */
  | 'unsupported_path'
  /** The path has the right form but the post id is missing, repeated, or of the wrong length or charset. */
  | 'bad_id';

const ACCEPTED_SITES = 'youtube.com, youtu.be, tiktok.com, instagram.com, x.com or twitter.com';

const EXAMPLE_LINKS: Record<SubmissionPlatform, string> = {
  youtube: 'https://www.youtube.com/watch?v=… or https://youtube.com/shorts/…',
  tiktok: 'https://www.tiktok.com/@name/video/… or https://vm.tiktok.com/…',
  instagram: 'https://www.instagram.com/reel/… or https://www.instagram.com/p/…',
  x: 'https://x.com/name/status/…',
};

const ID_SHAPES: Record<SubmissionPlatform, string> = {
  youtube: 'A YouTube video id is 11 letters, digits, "-" or "_".',
  tiktok: 'A TikTok video id is a number of up to 20 digits; a short link code is 5 to 20 letters or digits.',
  instagram: 'An Instagram post code is 5 to 40 letters, digits, "-" or "_".',
  x: 'A post id on X is a number of up to 19 digits.',
};

/** The sentence a participant reads. Static text only: the input is never echoed back. */
export function submissionUrlMessage(reason: SubmissionUrlRefusal, platform?: SubmissionPlatform): string {
  switch (reason) {
    case 'too_long':
      return 'This link is too long (more than 2048 characters). Open the post and copy its own link.';
    case 'not_a_url':
      return 'This is not a link. Paste the full link of the post, starting with https://.';
    case 'invalid_character':
      return 'This link contains a space, an invisible or control character, or a backslash. Paste the link exactly as the app gives it.';
    case 'scheme':
      return `Only https links from ${ACCEPTED_SITES} are accepted.`;
    case 'userinfo':
      return 'Links with a user name or password before the host (user@host) are not accepted. Paste the link of the post itself.';
    case 'ip_literal':
      return `Links to an IP address are not accepted. Only https links from ${ACCEPTED_SITES} are accepted.`;
    case 'port':
      return 'Links with a port number (host:port) are not accepted. Paste the link of the post itself.';
    case 'host_not_allowed':
      return `Only https links from ${ACCEPTED_SITES} are accepted.`;
    case 'unsupported_path':
      return platform
        ? `This link does not point to a single post. Open the post and copy its link, for example ${EXAMPLE_LINKS[platform]}.`
        : 'This link does not point to a single post. Open the post and copy its link.';
    case 'bad_id':
      return platform
        ? `The post id in this link is missing or not valid. ${ID_SHAPES[platform]}`
        : 'The post id in this link is missing or not valid.';
  }
}

/**
 * A submitted post URL was refused. `reason` is the machine-readable cause (map it to the API's validation
 * error); `message` is a sentence a participant can act on; `platform` is set once the host was recognised.
 */
export class SubmissionUrlError extends Error {
  readonly reason: SubmissionUrlRefusal;
  readonly platform: SubmissionPlatform | undefined;

  constructor(reason: SubmissionUrlRefusal, platform?: SubmissionPlatform) {
    super(submissionUrlMessage(reason, platform));
    this.name = 'SubmissionUrlError';
    this.reason = reason;
    this.platform = platform;
  }
}

export function isSubmissionUrlError(value: unknown): value is SubmissionUrlError {
  return value instanceof SubmissionUrlError;
}
