/** The platforms a participant can submit posts from. */
export type SubmissionPlatform = 'youtube' | 'tiktok' | 'instagram' | 'x';

export const SUBMISSION_PLATFORMS: readonly SubmissionPlatform[] = ['youtube', 'tiktok', 'instagram', 'x'];

/**
 * What each allowlisted host serves. Matching is exact (after lower-casing and dropping one trailing dot):
 * no suffix or subdomain matching, so `youtube.com.evil.com` and `evil.youtube.com` are both refused.
 * Left out on purpose: music.youtube.com and youtube-nocookie.com (not where campaign posts live),
 * m.instagram.com and instagr.am (legacy), www.youtu.be (not a real short-link host).
 */
export type SubmissionHostRole = 'youtube' | 'youtu.be' | 'tiktok' | 'tiktok-short' | 'instagram' | 'x';

export const SUBMISSION_HOSTS: ReadonlyMap<string, SubmissionHostRole> = new Map<string, SubmissionHostRole>([
  ['youtube.com', 'youtube'],
  ['www.youtube.com', 'youtube'],
  ['m.youtube.com', 'youtube'],
  ['youtu.be', 'youtu.be'],
  ['tiktok.com', 'tiktok'],
  ['www.tiktok.com', 'tiktok'],
  ['m.tiktok.com', 'tiktok'],
  ['vm.tiktok.com', 'tiktok-short'],
  ['vt.tiktok.com', 'tiktok-short'],
  ['instagram.com', 'instagram'],
  ['www.instagram.com', 'instagram'],
  ['x.com', 'x'],
  ['www.x.com', 'x'],
  ['mobile.x.com', 'x'],
  ['twitter.com', 'x'],
  ['www.twitter.com', 'x'],
  ['mobile.twitter.com', 'x'],
]);
