import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SubmissionUrlError, isSubmissionUrlError, submissionUrlMessage, type SubmissionUrlRefusal } from './errors.js';
import { SUBMISSION_HOSTS, type SubmissionPlatform } from './platforms.js';
import {
  MAX_SUBMISSION_URL_LENGTH,
  parseSubmissionUrl,
  postDedupKey,
  type ParsedPost,
  type ParsedSubmissionUrl,
} from './post-url.js';

function catchRefusal(input: unknown): SubmissionUrlError {
  try {
    parseSubmissionUrl(input as string);
  } catch (error) {
    if (error instanceof SubmissionUrlError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function parsePost(input: string): ParsedPost {
  const result = parseSubmissionUrl(input);
  if (result.kind !== 'post') throw new Error(`expected a post, got ${result.kind}`);
  return result;
}

const RICK = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const NASA = 'https://x.com/NASA/status/1580661436132757506';
const SCOUT = 'https://www.tiktok.com/@scout2015/video/6718335390845095173';

const accepted: [input: string, dedupKey: string, canonical: string][] = [
  // YouTube: watch, youtu.be, shorts, live, embed; www / bare / m; ignored query and fragment; http; case; trim.
  [RICK, 'youtube:dQw4w9WgXcQ', RICK],
  ['https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'youtube:dQw4w9WgXcQ', RICK],
  [
    'https://www.youtube.com/watch?v=jNQXAC9IVRw&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI&index=3',
    'youtube:jNQXAC9IVRw',
    'https://www.youtube.com/watch?v=jNQXAC9IVRw',
  ],
  [
    'https://www.youtube.com/watch?app=desktop&v=9bZkp7q19f0',
    'youtube:9bZkp7q19f0',
    'https://www.youtube.com/watch?v=9bZkp7q19f0',
  ],
  [
    'https://www.youtube.com/watch?v=kJQP7kiw5Fk&si=AbCdEfGh12345678',
    'youtube:kJQP7kiw5Fk',
    'https://www.youtube.com/watch?v=kJQP7kiw5Fk',
  ],
  ['https://youtu.be/dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://youtu.be/dQw4w9WgXcQ?si=B_RZg_I-lLaa7UU-', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://youtu.be/dQw4w9WgXcQ?t=43', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://www.youtube.com/shorts/aqz-KE-bpKQ', 'youtube:aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ'],
  [
    'https://youtube.com/shorts/aqz-KE-bpKQ?feature=share',
    'youtube:aqz-KE-bpKQ',
    'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
  ],
  [
    'https://m.youtube.com/shorts/aqz-KE-bpKQ?si=xYz_123',
    'youtube:aqz-KE-bpKQ',
    'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
  ],
  ['https://www.youtube.com/shorts/aqz-KE-bpKQ/', 'youtube:aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ'],
  [
    'https://www.youtube.com/live/M7lc1UVf-VE?si=abc',
    'youtube:M7lc1UVf-VE',
    'https://www.youtube.com/watch?v=M7lc1UVf-VE',
  ],
  ['https://www.youtube.com/embed/_OBlgSz8sSM', 'youtube:_OBlgSz8sSM', 'https://www.youtube.com/watch?v=_OBlgSz8sSM'],
  ['http://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ', RICK],
  ['HTTPS://WWW.YouTube.COM/watch?v=dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ', RICK],
  ['  https://youtu.be/dQw4w9WgXcQ \n', 'youtube:dQw4w9WgXcQ', RICK],
  ['\u00a0https://youtu.be/dQw4w9WgXcQ\ufeff', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://www.youtube.com./watch?v=dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ', RICK],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=30', 'youtube:dQw4w9WgXcQ', RICK],
  // TikTok videos (the handle stays in the canonical URL: TikTok needs one in the path).
  [SCOUT, 'tiktok:video:6718335390845095173', SCOUT],
  [
    'https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc&web_id=7234567890123456789',
    'tiktok:video:6718335390845095173',
    SCOUT,
  ],
  [
    'https://tiktok.com/@khaby.lame/video/7170512345678901234',
    'tiktok:video:7170512345678901234',
    'https://www.tiktok.com/@khaby.lame/video/7170512345678901234',
  ],
  [
    'https://m.tiktok.com/@user_name/video/7170512345678901234?_r=1&_t=8abcDEF',
    'tiktok:video:7170512345678901234',
    'https://www.tiktok.com/@user_name/video/7170512345678901234',
  ],
  [
    'https://www.tiktok.com/@zachking/video/6768504823336815877/',
    'tiktok:video:6768504823336815877',
    'https://www.tiktok.com/@zachking/video/6768504823336815877',
  ],
  [
    'https://www.tiktok.com/@u/video/18446744073709551615',
    'tiktok:video:18446744073709551615',
    'https://www.tiktok.com/@u/video/18446744073709551615',
  ],
  // Instagram: /p/, /reel/, /reels/, /tv/, and /<user>/p|reel/ (what the web app shows when browsing a profile).
  ['https://www.instagram.com/reel/C9xYzAbCdEf/', 'instagram:C9xYzAbCdEf', 'https://www.instagram.com/p/C9xYzAbCdEf/'],
  [
    'https://www.instagram.com/reel/C9xYzAbCdEf/?igsh=MWQ1ZGUxMzBkMA==',
    'instagram:C9xYzAbCdEf',
    'https://www.instagram.com/p/C9xYzAbCdEf/',
  ],
  [
    'https://www.instagram.com/reel/C9xYzAbCdEf/?utm_source=ig_web_copy_link',
    'instagram:C9xYzAbCdEf',
    'https://www.instagram.com/p/C9xYzAbCdEf/',
  ],
  ['https://instagram.com/p/CuE2WNQs6vH/', 'instagram:CuE2WNQs6vH', 'https://www.instagram.com/p/CuE2WNQs6vH/'],
  [
    'https://www.instagram.com/p/CuE2WNQs6vH/?img_index=1',
    'instagram:CuE2WNQs6vH',
    'https://www.instagram.com/p/CuE2WNQs6vH/',
  ],
  ['https://www.instagram.com/p/CuE2WNQs6vH', 'instagram:CuE2WNQs6vH', 'https://www.instagram.com/p/CuE2WNQs6vH/'],
  ['https://www.instagram.com/reels/C9xYzAbCdEf/', 'instagram:C9xYzAbCdEf', 'https://www.instagram.com/p/C9xYzAbCdEf/'],
  ['https://www.instagram.com/tv/B_a1b2C3d4E/', 'instagram:B_a1b2C3d4E', 'https://www.instagram.com/p/B_a1b2C3d4E/'],
  [
    'https://www.instagram.com/natgeo/reel/C9xYzAbCdEf/',
    'instagram:C9xYzAbCdEf',
    'https://www.instagram.com/p/C9xYzAbCdEf/',
  ],
  [
    'https://www.instagram.com/nat.geo_1/p/CuE2WNQs6vH/',
    'instagram:CuE2WNQs6vH',
    'https://www.instagram.com/p/CuE2WNQs6vH/',
  ],
  // X and Twitter: every host, /i/status, /i/web/status, trailing /photo/n and /video/n, ignored ?s=.
  [NASA, 'x:1580661436132757506', NASA],
  ['https://twitter.com/jack/status/20', 'x:20', 'https://x.com/jack/status/20'],
  ['https://twitter.com/NASA/status/1580661436132757506?s=20', 'x:1580661436132757506', NASA],
  ['https://mobile.twitter.com/NASA/status/1580661436132757506', 'x:1580661436132757506', NASA],
  ['https://www.twitter.com/NASA/status/1580661436132757506', 'x:1580661436132757506', NASA],
  ['https://www.x.com/NASA/status/1580661436132757506', 'x:1580661436132757506', NASA],
  ['https://mobile.x.com/NASA/status/1580661436132757506', 'x:1580661436132757506', NASA],
  ['https://x.com/NASA/status/1580661436132757506/photo/1', 'x:1580661436132757506', NASA],
  ['https://x.com/NASA/status/1580661436132757506/video/1', 'x:1580661436132757506', NASA],
  ['https://x.com/NASA/status/1580661436132757506?s=46&t=AbCdEfGh-ij', 'x:1580661436132757506', NASA],
  [
    'https://twitter.com/i/web/status/1580661436132757506',
    'x:1580661436132757506',
    'https://x.com/i/status/1580661436132757506',
  ],
  ['https://x.com/i/status/1580661436132757506', 'x:1580661436132757506', 'https://x.com/i/status/1580661436132757506'],
  [
    'https://x.com/a_b/status/9223372036854775807',
    'x:9223372036854775807',
    'https://x.com/a_b/status/9223372036854775807',
  ],
];

describe('parseSubmissionUrl accepts real-world post links', () => {
  test('the table covers at least 40 forms', () => expect(accepted.length).toBeGreaterThanOrEqual(40));

  // Platform and id are the first and last parts of the expected key (`youtube:<id>`, `tiktok:video:<id>`, …).
  test.each(accepted)('%s → %s', (input, dedupKey, canonical) => {
    const platform = dedupKey.slice(0, dedupKey.indexOf(':'));
    const id = dedupKey.slice(dedupKey.lastIndexOf(':') + 1);
    const result = parsePost(input);
    expect(result).toMatchObject({ kind: 'post', platform, postId: id, dedupKey, canonicalUrl: canonical });
    expect(result.needsResolution).toBe(false);
    // The canonical URL is itself accepted and names the same post.
    expect(parsePost(canonical)).toMatchObject({ platform, postId: id, dedupKey, canonicalUrl: canonical });
  });

  test.each<[string, string | undefined]>([
    [SCOUT, 'scout2015'],
    ['https://m.tiktok.com/@user_name/video/7170512345678901234', 'user_name'],
    ['https://www.instagram.com/natgeo/reel/C9xYzAbCdEf/', 'natgeo'],
    ['https://www.instagram.com/reel/C9xYzAbCdEf/', undefined],
    ['https://twitter.com/NASA/status/1580661436132757506', 'NASA'],
    ['https://twitter.com/i/web/status/1580661436132757506', undefined],
    ['https://x.com/i/status/1580661436132757506', undefined],
    [RICK, undefined],
  ])('%s has handle %s', (input, handle) => {
    const result = parsePost(input);
    expect(result.handle).toBe(handle);
    expect('handle' in result).toBe(handle !== undefined);
  });
});

describe('TikTok short links are recognised but left unresolved', () => {
  test.each([
    ['https://vm.tiktok.com/ZMeAbCdEf/', 'vm', 'ZMeAbCdEf', 'https://vm.tiktok.com/ZMeAbCdEf/'],
    ['https://vm.tiktok.com/ZMeAbCdEf', 'vm', 'ZMeAbCdEf', 'https://vm.tiktok.com/ZMeAbCdEf/'],
    ['http://VM.TikTok.com/ZMeAbCdEf/?_r=1', 'vm', 'ZMeAbCdEf', 'https://vm.tiktok.com/ZMeAbCdEf/'],
    ['https://vt.tiktok.com/ZSYxk3LqR/', 'vt', 'ZSYxk3LqR', 'https://vt.tiktok.com/ZSYxk3LqR/'],
    ['https://www.tiktok.com/t/ZT8abcDEf/', 't', 'ZT8abcDEf', 'https://www.tiktok.com/t/ZT8abcDEf/'],
    ['https://tiktok.com/t/ZT8abcDEf', 't', 'ZT8abcDEf', 'https://www.tiktok.com/t/ZT8abcDEf/'],
  ])('%s', (input, form, shortCode, canonical) => {
    const result = parseSubmissionUrl(input);
    expect(result).toEqual({
      kind: 'short_link',
      platform: 'tiktok',
      form,
      shortCode,
      canonicalUrl: canonical,
      dedupKey: `tiktok:short:${form}:${shortCode}`,
      needsResolution: true,
    });
    expect(parseSubmissionUrl(canonical)).toEqual(result);
  });

  test('short codes are case-sensitive, so differently cased codes are different keys', () => {
    expect(parseSubmissionUrl('https://vm.tiktok.com/ZMeAbCdEf/').dedupKey).not.toBe(
      parseSubmissionUrl('https://vm.tiktok.com/zmeabcdef/').dedupKey,
    );
  });
});

describe('one post, one dedup key, whatever the form', () => {
  test.each<[string, string[]]>([
    [
      'youtube:dQw4w9WgXcQ',
      [
        RICK,
        'https://youtu.be/dQw4w9WgXcQ',
        'https://youtube.com/shorts/dQw4w9WgXcQ',
        'https://m.youtube.com/live/dQw4w9WgXcQ',
        'https://www.youtube.com/embed/dQw4w9WgXcQ',
      ],
    ],
    [
      'x:1580661436132757506',
      [
        NASA,
        'https://twitter.com/someone_else/status/1580661436132757506',
        'https://twitter.com/i/web/status/1580661436132757506',
      ],
    ],
    [
      'instagram:C9xYzAbCdEf',
      [
        'https://www.instagram.com/reel/C9xYzAbCdEf/',
        'https://instagram.com/p/C9xYzAbCdEf',
        'https://www.instagram.com/other/reel/C9xYzAbCdEf/',
      ],
    ],
    ['tiktok:video:6718335390845095173', [SCOUT, 'https://m.tiktok.com/@other/video/6718335390845095173?lang=en']],
  ])('%s', (dedupKey, inputs) => {
    for (const input of inputs) expect(parseSubmissionUrl(input).dedupKey).toBe(dedupKey);
  });

  test('ids are case-sensitive: a differently cased YouTube id is another video', () => {
    expect(parseSubmissionUrl('https://youtu.be/dQw4w9WgXcQ').dedupKey).not.toBe(
      parseSubmissionUrl('https://youtu.be/DQw4w9WgXcQ').dedupKey,
    );
  });
});

const longLink = `https://youtu.be/dQw4w9WgXcQ?si=${'a'.repeat(MAX_SUBMISSION_URL_LENGTH)}`.slice(
  0,
  MAX_SUBMISSION_URL_LENGTH + 1,
);

const refused: [string, unknown, SubmissionUrlRefusal][] = [
  // Length, emptiness, structure.
  ['over 2048 characters', longLink, 'too_long'],
  ['2049 letters', 'a'.repeat(MAX_SUBMISSION_URL_LENGTH + 1), 'too_long'],
  ['empty', '', 'not_a_url'],
  ['only whitespace', ' \t\n ', 'not_a_url'],
  ['a word', 'hello', 'not_a_url'],
  ['no scheme', 'youtu.be/dQw4w9WgXcQ', 'not_a_url'],
  ['no scheme, www', 'www.youtube.com/watch?v=dQw4w9WgXcQ', 'not_a_url'],
  ['protocol-relative', '//youtu.be/dQw4w9WgXcQ', 'not_a_url'],
  ['no slashes after the scheme', 'https:youtu.be/dQw4w9WgXcQ', 'not_a_url'],
  ['one slash after the scheme', 'https:/youtu.be/dQw4w9WgXcQ', 'not_a_url'],
  ['three slashes (empty host)', 'https:///youtu.be/dQw4w9WgXcQ', 'not_a_url'],
  ['not a string: null', null, 'not_a_url'],
  ['not a string: number', 42, 'not_a_url'],
  ['not a string: object', { href: RICK }, 'not_a_url'],
  // Schemes.
  ['javascript:', 'javascript:alert(1)', 'scheme'],
  ['javascript: dressed as a URL', 'JavaScript://youtube.com/%0aalert(1)', 'scheme'],
  ['data:', 'data:text/html,<script>alert(1)</script>', 'scheme'],
  ['file:', 'file:///etc/passwd', 'scheme'],
  ['ftp:', 'ftp://youtube.com/watch?v=dQw4w9WgXcQ', 'scheme'],
  ['ws:', 'wss://x.com/NASA/status/1580661436132757506', 'scheme'],
  ['host:port without a scheme', 'youtube.com:443/watch?v=dQw4w9WgXcQ', 'scheme'],
  // Characters.
  ['backslash to hide the real host', 'https://evil.com\\@youtube.com/watch?v=dQw4w9WgXcQ', 'invalid_character'],
  ['backslash as a path separator', 'https://youtube.com\\shorts\\aqz-KE-bpKQ', 'invalid_character'],
  ['a space in the host', 'https://you tube.com/watch?v=dQw4w9WgXcQ', 'invalid_character'],
  ['a tab inside', 'https://youtube.com/watch?v=dQw4w\t9WgXcQ', 'invalid_character'],
  ['a newline inside', 'https://youtube.com/\nwatch?v=dQw4w9WgXcQ', 'invalid_character'],
  ['a NUL at the end', 'https://youtu.be/dQw4w9WgXcQ\u0000', 'invalid_character'],
  ['a C1 control', 'https://youtu.be/dQw4w9WgXcQ\u0085x', 'invalid_character'],
  ['a zero-width space', 'https://www.youtube.com/watch?v=dQw4\u200bw9WgXcQ', 'invalid_character'],
  ['a bidi override', 'https://youtu.be/\u202edQw4w9WgXcQ', 'invalid_character'],
  ['a soft hyphen in the host', 'https://you\u00adtube.com/watch?v=dQw4w9WgXcQ', 'invalid_character'],
  ['a lone surrogate', 'https://youtu.be/dQw4w9WgXcQ\ud800', 'invalid_character'],
  // Userinfo, IPs, ports.
  ['allowlisted host as userinfo', 'https://youtube.com@evil.com/watch?v=dQw4w9WgXcQ', 'userinfo'],
  ['user and password', 'https://user:pass@youtube.com/watch?v=dQw4w9WgXcQ', 'userinfo'],
  ['empty userinfo', 'https://@youtube.com/watch?v=dQw4w9WgXcQ', 'userinfo'],
  ['encoded slash then @', 'https://youtube.com%2F@evil.com/', 'userinfo'],
  ['dotted IPv4', 'http://127.0.0.1/watch?v=dQw4w9WgXcQ', 'ip_literal'],
  ['cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'ip_literal'],
  ['decimal integer IPv4', 'http://2130706433/', 'ip_literal'],
  ['hex integer IPv4', 'http://0x7f000001/', 'ip_literal'],
  ['octal IPv4', 'http://0177.0.0.1/', 'ip_literal'],
  ['short IPv4', 'http://127.1/', 'ip_literal'],
  ['IPv6 loopback', 'http://[::1]/', 'ip_literal'],
  ['IPv4-mapped IPv6 with a port', 'http://[::ffff:127.0.0.1]:80/watch', 'ip_literal'],
  ['explicit default port', 'https://youtube.com:443/watch?v=dQw4w9WgXcQ', 'port'],
  ['another port', 'https://www.tiktok.com:8443/@scout2015/video/6718335390845095173', 'port'],
  ['empty port', 'https://youtube.com:/watch?v=dQw4w9WgXcQ', 'port'],
  // Hosts.
  [
    'allowlisted host as a subdomain of another',
    'https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ',
    'host_not_allowed',
  ],
  ['allowlisted host as a suffix', 'https://evilyoutube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['unlisted subdomain', 'https://evil.youtube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['hyphenated look-alike', 'https://yout-ube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['typo', 'https://youtube.co/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['punycode homograph', 'https://xn--outube-vrf.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['Cyrillic у homoglyph', 'https://уoutube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  [
    'fullwidth letters (WHATWG maps them to youtube.com)',
    'https://ｙｏｕｔｕｂｅ.com/watch?v=dQw4w9WgXcQ',
    'host_not_allowed',
  ],
  ['fullwidth dot', 'https://youtube．com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['percent-encoded host (WHATWG decodes it)', 'https://%79outube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['two trailing dots', 'https://youtube.com../watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['real host only in the fragment', 'https://evil.com#@youtube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['real host only in the query', 'https://evil.com?@youtube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['music.youtube.com (not allowlisted)', 'https://music.youtube.com/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  ['www.youtu.be (not a real host)', 'https://www.youtu.be/dQw4w9WgXcQ', 'host_not_allowed'],
  ['localhost', 'http://localhost/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
  // Paths.
  ['YouTube home', 'https://www.youtube.com/', 'unsupported_path'],
  ['YouTube channel handle', 'https://www.youtube.com/@MrBeast', 'unsupported_path'],
  ['YouTube channel id', 'https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA', 'unsupported_path'],
  ['YouTube playlist', 'https://www.youtube.com/playlist?list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI', 'unsupported_path'],
  ['YouTube shorts with an extra segment', 'https://www.youtube.com/shorts/aqz-KE-bpKQ/extra', 'unsupported_path'],
  ['YouTube dot segments', 'https://www.youtube.com/watch/../shorts/aqz-KE-bpKQ', 'unsupported_path'],
  ['YouTube encoded dot segments', 'https://www.youtube.com/x/%2e%2e/shorts/aqz-KE-bpKQ', 'unsupported_path'],
  ['YouTube double slash', 'https://www.youtube.com//shorts/aqz-KE-bpKQ', 'unsupported_path'],
  ['youtu.be with two segments', 'https://youtu.be/dQw4w9WgXcQ/x', 'unsupported_path'],
  ['TikTok profile', 'https://www.tiktok.com/@scout2015', 'unsupported_path'],
  ['TikTok photo post', 'https://www.tiktok.com/@scout2015/photo/7318335390845095173', 'unsupported_path'],
  ['TikTok handle without @', 'https://www.tiktok.com/scout2015/video/6718335390845095173', 'unsupported_path'],
  ['TikTok short link host with no code', 'https://vm.tiktok.com/', 'unsupported_path'],
  ['Instagram profile', 'https://www.instagram.com/natgeo/', 'unsupported_path'],
  ['Instagram story', 'https://www.instagram.com/stories/natgeo/3123456789012345678/', 'unsupported_path'],
  [
    'Instagram share link (needs a redirect to find the post)',
    'https://www.instagram.com/share/reel/BAabc123xyz/',
    'unsupported_path',
  ],
  ['Instagram post with an extra segment', 'https://www.instagram.com/p/CuE2WNQs6vH/embed/', 'unsupported_path'],
  ['X profile', 'https://x.com/NASA', 'unsupported_path'],
  ['X likes of a post', 'https://x.com/NASA/status/1580661436132757506/likes', 'unsupported_path'],
  ['X fifth photo', 'https://x.com/NASA/status/1580661436132757506/photo/5', 'unsupported_path'],
  ['X invalid handle', 'https://x.com/NA-SA/status/1580661436132757506', 'unsupported_path'],
  // Ids.
  ['YouTube id of 10 characters', 'https://youtu.be/dQw4w9WgXc', 'bad_id'],
  ['YouTube id of 12 characters', 'https://youtu.be/dQw4w9WgXcQQ', 'bad_id'],
  ['YouTube id with an impossible last character', 'https://www.youtube.com/watch?v=dQw4w9WgXcR', 'bad_id'],
  ['YouTube id percent-encoded', 'https://www.youtube.com/watch?v=dQw4w9WgX%63Q', 'bad_id'],
  ['YouTube id with an encoded slash', 'https://www.youtube.com/shorts/dQw4w%2F9WgXcQ', 'bad_id'],
  ['YouTube watch without v', 'https://www.youtube.com/watch?feature=share', 'bad_id'],
  ['YouTube watch with two v', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=jNQXAC9IVRw', 'bad_id'],
  ['TikTok id with a leading zero', 'https://www.tiktok.com/@u/video/06718335390845095173', 'bad_id'],
  ['TikTok id with letters', 'https://www.tiktok.com/@u/video/67183353908abc', 'bad_id'],
  ['TikTok id above 2^64-1', 'https://www.tiktok.com/@u/video/18446744073709551616', 'bad_id'],
  ['TikTok short code with punctuation', 'https://vm.tiktok.com/ZM-abc_d/', 'bad_id'],
  ['Instagram code too short', 'https://www.instagram.com/p/abc/', 'bad_id'],
  ['Instagram code with an encoded slash', 'https://www.instagram.com/p/C9x%2FabcDE/', 'bad_id'],
  ['X id above 2^63-1', 'https://x.com/a/status/9223372036854775808', 'bad_id'],
  ['X id with letters', 'https://x.com/a/status/15806614361327575o6', 'bad_id'],
  ['X id zero', 'https://x.com/a/status/0', 'bad_id'],
];

describe('parseSubmissionUrl refuses hostile and invalid input, saying why', () => {
  test('the table covers at least 25 inputs', () => expect(refused.length).toBeGreaterThanOrEqual(25));

  test.each(refused)('%s → %s', (_name, input, reason) => {
    const error = catchRefusal(input);
    expect(error.reason).toBe(reason);
    expect(isSubmissionUrlError(error)).toBe(true);
    expect(error.name).toBe('SubmissionUrlError');
    expect(error.message.length).toBeGreaterThan(20);
    // The message is static text chosen by reason and platform: the input is never echoed back.
    expect(error.message).toBe(submissionUrlMessage(error.reason, error.platform));
  });

  test('messages name the accepted sites and, once the host is known, the platform', () => {
    expect(catchRefusal('https://evil.com/').message).toBe(
      'Only https links from youtube.com, youtu.be, tiktok.com, instagram.com, x.com or twitter.com are accepted.',
    );
    expect(catchRefusal('javascript:alert(1)').message).toContain('Only https links');
    const bad = catchRefusal('https://youtu.be/short');
    expect(bad.platform).toBe('youtube');
    expect(bad.message).toContain('11 letters');
    const path = catchRefusal('https://x.com/NASA');
    expect(path.platform).toBe('x');
    expect(path.message).toContain('https://x.com/name/status/');
    expect(catchRefusal('https://evil.com/').platform).toBeUndefined();
  });

  test('exactly 2048 characters is still parsed (and here accepted)', () => {
    const padded = `https://youtu.be/dQw4w9WgXcQ?si=${'a'.repeat(2048)}`.slice(0, MAX_SUBMISSION_URL_LENGTH);
    expect(padded).toHaveLength(2048);
    expect(parseSubmissionUrl(padded).dedupKey).toBe('youtube:dQw4w9WgXcQ');
  });
});

describe('postDedupKey', () => {
  test.each<[SubmissionPlatform, string, string]>([
    ['youtube', 'dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ'],
    ['tiktok', '6718335390845095173', 'tiktok:video:6718335390845095173'],
    ['instagram', 'C9xYzAbCdEf', 'instagram:C9xYzAbCdEf'],
    ['x', '20', 'x:20'],
  ])('%s %s → %s', (platform, id, key) => expect(postDedupKey(platform, id)).toBe(key));

  test.each<[SubmissionPlatform, string]>([
    ['tiktok', '06718335390845095173'],
    ['x', '1e5'],
    ['youtube', 'dQw4w9WgXcR'],
    ['instagram', 'a/b/c/d'],
  ])('refuses %s id %j as bad_id', (platform, id) => {
    expect(() => postDedupKey(platform, id)).toThrow(SubmissionUrlError);
    try {
      postDedupKey(platform, id);
    } catch (error) {
      expect((error as SubmissionUrlError).reason).toBe('bad_id');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties.

const hostsOf = (role: string) => [...SUBMISSION_HOSTS].filter(([, r]) => r === role).map(([host]) => host);
const schemeArb = fc.constantFrom('https', 'http', 'HTTPS', 'Http');
const casedHost = (role: string) =>
  fc.tuple(fc.constantFrom(...hostsOf(role)), fc.boolean()).map(([h, upper]) => (upper ? h.toUpperCase() : h));
const queryArb = fc
  .array(
    fc.tuple(
      fc.constantFrom('si', 't', 'feature', 'list', 's', 'igsh', '_r', 'lang', 'utm_source', 'index'),
      fc.stringMatching(/^[A-Za-z0-9_.=-]{0,16}$/),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`));
const fragmentArb = fc.option(fc.stringMatching(/^[A-Za-z0-9=&_-]{0,10}$/), { nil: undefined });
const withExtras = (base: string, params: string[], fragment: string | undefined, first = true) =>
  `${base}${params.length === 0 ? '' : (first ? '?' : '&') + params.join('&')}${fragment === undefined ? '' : `#${fragment}`}`;

const youtubeIdArb = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{10}$/), fc.constantFrom(...'AEIMQUYcgkosw048'))
  .map(([head, last]) => head + last);
const tiktokIdArb = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String);
const xIdArb = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);
const instagramCodeArb = fc.stringMatching(/^[A-Za-z0-9_-]{5,40}$/);

type Valid = { url: string; dedupKey: string; platform: SubmissionPlatform };

const validLinkArb: fc.Arbitrary<Valid> = fc.oneof(
  fc.tuple(schemeArb, casedHost('youtube'), youtubeIdArb, queryArb, fragmentArb).map(([s, h, id, q, f]) => ({
    url: withExtras(`${s}://${h}/watch?v=${id}`, q, f, false),
    dedupKey: `youtube:${id}`,
    platform: 'youtube' as const,
  })),
  fc
    .tuple(
      schemeArb,
      casedHost('youtube'),
      fc.constantFrom('shorts', 'live', 'embed'),
      youtubeIdArb,
      fc.boolean(),
      queryArb,
      fragmentArb,
    )
    .map(([s, h, kind, id, slash, q, f]) => ({
      url: withExtras(`${s}://${h}/${kind}/${id}${slash ? '/' : ''}`, q, f),
      dedupKey: `youtube:${id}`,
      platform: 'youtube' as const,
    })),
  fc.tuple(schemeArb, youtubeIdArb, queryArb, fragmentArb).map(([s, id, q, f]) => ({
    url: withExtras(`${s}://youtu.be/${id}`, q, f),
    dedupKey: `youtube:${id}`,
    platform: 'youtube' as const,
  })),
  fc
    .tuple(schemeArb, casedHost('tiktok'), fc.stringMatching(/^[A-Za-z0-9_.]{1,24}$/), tiktokIdArb, queryArb)
    .map(([s, h, user, id, q]) => ({
      url: withExtras(`${s}://${h}/@${user}/video/${id}`, q, undefined),
      dedupKey: `tiktok:video:${id}`,
      platform: 'tiktok' as const,
    })),
  fc
    .tuple(
      schemeArb,
      casedHost('instagram'),
      fc.constantFrom('p', 'reel', 'reels', 'tv'),
      instagramCodeArb,
      fc.boolean(),
      queryArb,
    )
    .map(([s, h, kind, code, slash, q]) => ({
      url: withExtras(`${s}://${h}/${kind}/${code}${slash ? '/' : ''}`, q, undefined),
      dedupKey: `instagram:${code}`,
      platform: 'instagram' as const,
    })),
  fc
    .tuple(
      schemeArb,
      casedHost('x'),
      fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/),
      xIdArb,
      fc.constantFrom('', '/photo/1', '/video/1', '/photo/4'),
      queryArb,
    )
    .map(([s, h, user, id, tail, q]) => ({
      url: withExtras(`${s}://${h}/${user}/status/${id}${tail}`, q, undefined),
      dedupKey: `x:${id}`,
      platform: 'x' as const,
    })),
);

const shortLinkArb: fc.Arbitrary<string> = fc
  .tuple(
    schemeArb,
    fc.constantFrom('vm.tiktok.com/', 'vt.tiktok.com/', 'www.tiktok.com/t/', 'tiktok.com/t/'),
    fc.stringMatching(/^[A-Za-z0-9]{5,20}$/),
    fc.boolean(),
    queryArb,
  )
  .map(([s, prefix, code, slash, q]) => withExtras(`${s}://${prefix}${code}${slash ? '/' : ''}`, q, undefined));

/** Strings around the parser's edges: raw noise, real-looking URLs, and allowlisted prefixes with noise after. */
const anyInputArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.webUrl({
    withQueryParameters: true,
    withFragments: true,
    authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withPort: true, withUserInfo: true },
  }),
  validLinkArb.map((v) => v.url),
  shortLinkArb,
  fc
    .tuple(
      fc.constantFrom(
        ...[...SUBMISSION_HOSTS.keys()].map((h) => `https://${h}/`),
        'https://youtu.be/',
        'https://www.youtube.com/watch?v=',
        'https://x.com/i/web/status/',
        'https://www.tiktok.com/@a/video/',
      ),
      fc.string({ unit: fc.constantFrom(...'aAzZ09_-./?#&=%@:\\ @\u0000\u200b\u0430'), maxLength: 30 }),
    )
    .map(([prefix, tail]) => prefix + tail),
  fc
    .tuple(validLinkArb, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
    .map(([v, at, insert]) => v.url.slice(0, at % v.url.length) + insert + v.url.slice(at % v.url.length)),
);

function tryParse(input: string): ParsedSubmissionUrl | SubmissionUrlError {
  try {
    return parseSubmissionUrl(input);
  } catch (error) {
    if (error instanceof SubmissionUrlError) return error;
    throw error; // anything else fails the property
  }
}

describe('properties', () => {
  test('any string either parses or throws a SubmissionUrlError; what parses has a canonical URL that round-trips', () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const result = tryParse(input);
        if (result instanceof SubmissionUrlError) return;
        expect(result.canonicalUrl.startsWith('https://')).toBe(true);
        expect(result.dedupKey.startsWith(`${result.platform}:`)).toBe(true);
        const again = parseSubmissionUrl(result.canonicalUrl);
        expect(again.dedupKey).toBe(result.dedupKey);
        expect(again.canonicalUrl).toBe(result.canonicalUrl);
      }),
      { numRuns: 2000 },
    );
  });

  test('the input generator reaches both outcomes and many refusal reasons (fixed seed, so the property is not vacuous)', () => {
    const outcomes = new Set<string>();
    for (const input of fc.sample(anyInputArb, { seed: 20_261_203, numRuns: 2000 })) {
      const result = tryParse(input);
      outcomes.add(result instanceof SubmissionUrlError ? result.reason : result.kind);
    }
    expect(outcomes).toContain('post');
    expect(outcomes).toContain('short_link');
    for (const reason of [
      'not_a_url',
      'invalid_character',
      'userinfo',
      'ip_literal',
      'port',
      'host_not_allowed',
      'unsupported_path',
      'bad_id',
    ]) {
      expect(outcomes).toContain(reason);
    }
  });

  test('generated valid links in every accepted form parse to the expected post', () => {
    fc.assert(
      fc.property(validLinkArb, ({ url, dedupKey, platform }) => {
        const result = parsePost(url);
        expect(result.platform).toBe(platform);
        expect(result.dedupKey).toBe(dedupKey);
        expect(postDedupKey(result.platform, result.postId)).toBe(dedupKey);
        expect(parseSubmissionUrl(result.canonicalUrl).dedupKey).toBe(dedupKey);
      }),
      { numRuns: 1000 },
    );
  });

  test('fast-check webUrl() on a host that is not allowlisted is refused', () => {
    fc.assert(
      fc.property(
        fc.webUrl({
          validSchemes: ['https', 'http'],
          withQueryParameters: true,
          withFragments: true,
          authoritySettings: {
            withIPv4: true,
            withIPv6: true,
            withIPv4Extended: true,
            withPort: true,
            withUserInfo: true,
          },
        }),
        (url) => {
          let hostname = '';
          try {
            hostname = new URL(url).hostname.replace(/\.$/, '');
          } catch {
            // Not even WHATWG-parseable: it must be refused all the more.
          }
          fc.pre(!SUBMISSION_HOSTS.has(hostname));
          expect(tryParse(url)).toBeInstanceOf(SubmissionUrlError);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('look-alike hosts built around an allowlisted one are refused as host_not_allowed', () => {
    const labelArb = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(
        validLinkArb,
        labelArb,
        fc.constantFrom('prefix-label', 'glued-prefix', 'suffix-domain', 'glued-suffix'),
        ({ url }, label, shape) => {
          const parsed = new URL(url);
          const host = parsed.hostname;
          const fake =
            shape === 'prefix-label'
              ? `${label}.${host}`
              : shape === 'glued-prefix'
                ? `${label}${host}`
                : shape === 'suffix-domain'
                  ? `${host}.${label}.com`
                  : `${host}${label}.com`;
          fc.pre(!SUBMISSION_HOSTS.has(fake));
          const error = tryParse(url.replace(/^([a-z]+:\/\/)[^/?#]+/i, `$1${fake}`));
          expect(error).toBeInstanceOf(SubmissionUrlError);
          expect((error as SubmissionUrlError).reason).toBe('host_not_allowed');
        },
      ),
    );
  });

  test('numeric ids have one spelling: leading zeros are refused', () => {
    fc.assert(
      fc.property(xIdArb, fc.integer({ min: 1, max: 3 }), (id, zeros) => {
        const error = tryParse(`https://x.com/i/status/${'0'.repeat(zeros)}${id}`);
        expect(error).toBeInstanceOf(SubmissionUrlError);
        expect((error as SubmissionUrlError).reason).toBe('bad_id');
      }),
    );
  });
});
