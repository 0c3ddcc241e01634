import fc from 'fast-check';
// htmlparser2 is sanitize-html's own parser (a dependency of it, resolved from the workspace root): the output is
// checked as parsed elements and attributes, not by searching the string.
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, test } from 'vitest';
import {
  BRIEF_ALLOWED_TAGS,
  BRIEF_LINK_REL,
  isMarkdownError,
  MarkdownError,
  MAX_BRIEF_MARKDOWN_LENGTH,
  renderBrief,
  safeLinkHref,
  sanitizeBriefHtml,
} from './index.js';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Fails unless `html` is inert: every element and attribute is on the allowlist, no attribute is an event
 * handler, every href is an absolute http(s)/mailto URL, and the tag markup (text content aside, where
 * "javascript:" or "onclick=" are just words) holds no script-ish scheme or handler.
 */
function expectInert(html: string, context = html): void {
  const where = `for input ${JSON.stringify(context).slice(0, 300)}\noutput: ${html.slice(0, 500)}`;
  expect(html, where).not.toMatch(/<\s*\/?\s*script/i);
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  for (const element of DomUtils.findAll(() => true, doc.children)) {
    const allowed = BRIEF_ALLOWED_TAGS[element.name];
    expect(allowed, `<${element.name}> is not allowed ${where}`).toBeDefined();
    for (const [name, value] of Object.entries(element.attribs)) {
      expect(allowed!.includes(name), `<${element.name} ${name}> is not allowed ${where}`).toBe(true);
      if (name === 'href') {
        expect(SAFE_PROTOCOLS.has(new URL(value).protocol), `href ${value} ${where}`).toBe(true);
      }
      if (name === 'class') expect(value, where).toMatch(/^language-[\w+#.-]+$/);
      if (name === 'target') expect(value, where).toBe('_blank');
      if (name === 'rel') expect(value, where).toBe(BRIEF_LINK_REL);
    }
    if (element.name === 'a' && element.attribs.href) expect(element.attribs.rel, where).toBe(BRIEF_LINK_REL);
  }
  // Text is always escaped, so every "<" in the output opens a tag. Hrefs were checked above as URLs (a safe
  // https URL may contain "javascript:" in its query); blank them before looking at the rest of the markup.
  const markup = (html.match(/<[^>]*>/g) ?? []).join(' ').replace(/href="[^"]*"/g, 'href=""');
  expect(markup, where).not.toMatch(
    /javascript:|vbscript:|data:|livescript:|\son\w+\s*=|style\s*=|srcdoc|<\s*(img|svg|math|iframe|object|embed|style|base|meta|form|input|details)\b/i,
  );
}

/** Payloads that have produced stored XSS in real Markdown and HTML sanitizers. */
const xssPayloads: [string, string][] = [
  ['script element', '<script>alert(1)</script>'],
  ['script with src, upper case', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['script inside svg', '<svg><script>alert(1)</script></svg>'],
  ['iframe javascript src', '<iframe src="javascript:alert(1)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['markdown link, javascript:', '[x](javascript:alert(1))'],
  ['markdown link, mixed case', '[x](JaVaScRiPt:alert(1))'],
  ['markdown link, decimal entity', '[x](&#106;avascript:alert(1))'],
  ['markdown link, hex entities', '[x](&#x6A;avascript&#x3A;alert(1))'],
  ['markdown link, named colon entity', '[x](javascript&colon;alert(1))'],
  ['markdown link, tab inside scheme', '[x](java\tscript:alert(1))'],
  ['markdown link, angle brackets and newline', '[x](<java\nscript:alert(1)>)'],
  ['markdown link, leading spaces', '[x](   javascript:alert(1))'],
  ['markdown link, NUL in scheme', '[x](java\u0000script:alert(1))'],
  ['reference link', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['autolink', '<javascript:alert(1)>'],
  ['raw a href, entity encoded', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['raw a href, tab entity', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ['raw a with onclick and safe href', '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ['data: URL link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data: SVG image', '![x](data:image/svg+xml,<svg onload=alert(1)>)'],
  ['image with onerror in alt', '![x" onerror="alert(1)](https://ok.example/a.png)'],
  ['vbscript link', '[x](vbscript:msgbox(1))'],
  ['nested script tags', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['double open bracket', '<<script>alert(1)//<</script>'],
  ['broken quoting', '<IMG """><SCRIPT>alert(1)</SCRIPT>">'],
  ['HTML comment hiding img', '<!--<img src=x onerror=alert(1)>-->'],
  ['comment breakout', '<!-- --!><img src=x onerror=alert(1)> -->'],
  ['style attribute url()', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['style expression()', '<p style="width: expression(alert(1))">x</p>'],
  ['style element @import', "<style>@import 'javascript:alert(1)';</style>"],
  [
    'mXSS: math/mglyph/style',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  ],
  ['mXSS: noscript title', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['mXSS: form in math', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
  ['mXSS: svg in p, style breakout', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['object data', '<object data="javascript:alert(1)"></object>'],
  ['embed src', '<embed src="javascript:alert(1)">'],
  ['base href', '<base href="javascript:/">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(1)>'],
  ['html inside link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['html in heading', '# <img src=x onerror=alert(1)>'],
  ['html in table cell', '| a |\n|---|\n| <img src=x onerror=alert(1)> |'],
  ['fence info string', '```js" onmouseover="alert(1)\ncode\n```'],
  ['fence info javascript:', '```javascript:alert(1)\ncode\n```'],
  ['link title with handler', '[x](https://ok.example "\\" onmouseover=\\"alert(1)")'],
  ['protocol-relative link', '[x](//evil.example/)'],
];

describe('stored XSS payloads render inert', () => {
  test('the table is large enough to mean something', () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(20);
  });

  test.each(xssPayloads)('%s (through renderBrief)', (_name, payload) => {
    expectInert(renderBrief(payload).html, payload);
  });

  // The sanitizer alone, fed the payload as HTML: the second layer holds even if marked let raw HTML through.
  test.each(xssPayloads)('%s (through the sanitizer alone)', (_name, payload) => {
    expectInert(sanitizeBriefHtml(payload), payload);
  });

  test.each([
    ['[x](javascript:alert(1))', '<p>x</p>'],
    ['[x](JaVaScRiPt:alert(1))', '<p>x</p>'],
    ['[x](&#106;avascript:alert(1))', '<p>x</p>'],
    ['<javascript:alert(1)>', '<p>javascript:alert(1)</p>'],
    ['[x](data:text/html,hi)', '<p>x</p>'],
    ['[x](/campaigns/1/approve)', '<p>x</p>'],
    ['[x](//evil.example/)', '<p>x</p>'],
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['hi <img src=x onerror=alert(1)>', '<p>hi &lt;img src=x onerror=alert(1)&gt;</p>'],
  ])('%j renders exactly as %j (unsafe links keep their text only, raw HTML shows as text)', (markdown, html) => {
    expect(renderBrief(markdown).html).toBe(html);
  });

  test.each([
    ['<a href="&#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['<p><a href="/relative">x</a><em>b</em></p>', '<p><a>x</a><em>b</em></p>'],
    [
      '<a href="https://ok.example" onclick="alert(1)">x</a>',
      `<a href="https://ok.example/" rel="${BRIEF_LINK_REL}" target="_blank">x</a>`,
    ],
    ['<img src=x onerror=alert(1)>after', 'after'],
    ['<p style="color:red" class="x" id="y">x</p>', '<p>x</p>'],
    ['<h1>t</h1><h5>u</h5>', 'tu'],
  ])('the sanitizer turns %j into %j', (input, output) => {
    expect(sanitizeBriefHtml(input)).toBe(output);
  });
});

describe('benign Markdown renders as expected', () => {
  test.each([
    [
      'headings shift one level down, capped at h4',
      '# Brief\n## Deliverables\n### Timing\n#### Notes\n##### Small',
      '<h2>Brief</h2>\n<h3>Deliverables</h3>\n<h4>Timing</h4>\n<h4>Notes</h4>\n<h4>Small</h4>',
    ],
    [
      'emphasis, strike, inline code',
      '**bold** _em_ ~~gone~~ `a < b`',
      '<p><strong>bold</strong> <em>em</em> <del>gone</del> <code>a &lt; b</code></p>',
    ],
    ['bullet list', '- one\n- two', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>'],
    ['ordered list keeps its start', '3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
    ['task list', '- [x] film\n- [ ] post', '<ul>\n<li>☑ film</li>\n<li>☐ post</li>\n</ul>'],
    [
      'link',
      '[our site](https://brand.example/launch?utm=1&x=2)',
      `<p><a href="https://brand.example/launch?utm=1&amp;x=2" rel="${BRIEF_LINK_REL}" target="_blank">our site</a></p>`,
    ],
    [
      'bare URL and www autolinks',
      'see https://brand.example and www.brand.example',
      `<p>see <a href="https://brand.example/" rel="${BRIEF_LINK_REL}" target="_blank">https://brand.example</a> and <a href="http://www.brand.example/" rel="${BRIEF_LINK_REL}" target="_blank">www.brand.example</a></p>`,
    ],
    [
      'mailto link',
      'write to team@brand.example',
      `<p>write to <a href="mailto:team@brand.example" rel="${BRIEF_LINK_REL}" target="_blank">team@brand.example</a></p>`,
    ],
    [
      'image becomes a link',
      '![logo](https://cdn.brand.example/logo.png)',
      `<p><a href="https://cdn.brand.example/logo.png" rel="${BRIEF_LINK_REL}" target="_blank">logo</a></p>`,
    ],
    [
      'fenced code keeps its language',
      '```ts\nconst a = 1 < 2;\n```',
      '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>',
    ],
    ['blockquote and rule', '> quoted\n\n---', '<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr />'],
    ['single newlines are line breaks', 'line one\nline two', '<p>line one<br />line two</p>'],
    ['raw HTML is shown as text', 'press <kbd>Ctrl</kbd>', '<p>press &lt;kbd&gt;Ctrl&lt;/kbd&gt;</p>'],
  ])('%s', (_name, markdown, html) => {
    expect(renderBrief(markdown).html).toBe(html);
  });

  test('a table keeps its alignment', () => {
    const { html } = renderBrief('| Platform | Views |\n|:--|--:|\n| TikTok | 10,000 |');
    expect(html).toContain('<th align="left">Platform</th>');
    expect(html).toContain('<td align="right">10,000</td>');
    const doc = parseDocument(html);
    expect(DomUtils.findAll((e) => e.name === 'td', doc.children).map((e) => DomUtils.textContent(e))).toEqual([
      'TikTok',
      '10,000',
    ]);
    expectInert(html);
  });

  test('line endings are normalised in the stored Markdown', () => {
    expect(renderBrief('a\r\nb\rc')).toEqual({ markdown: 'a\nb\nc', html: '<p>a<br />b<br />c</p>' });
  });
});

describe('length limit', () => {
  test(`${MAX_BRIEF_MARKDOWN_LENGTH} characters are accepted, one more is refused`, () => {
    expect(renderBrief('a'.repeat(MAX_BRIEF_MARKDOWN_LENGTH)).html).toHaveLength(MAX_BRIEF_MARKDOWN_LENGTH + 7);
    let error: unknown;
    try {
      renderBrief('a'.repeat(MAX_BRIEF_MARKDOWN_LENGTH + 1));
    } catch (e) {
      error = e;
    }
    expect(isMarkdownError(error)).toBe(true);
    expect(error).toBeInstanceOf(MarkdownError);
    expect((error as MarkdownError).code).toBe('MARKDOWN_TOO_LONG');
    expect((error as MarkdownError).message).toBe('The brief is 20,001 characters long; the limit is 20,000.');
  });

  test('CRLF pairs count once', () => {
    expect(() => renderBrief('a\r\n'.repeat(MAX_BRIEF_MARKDOWN_LENGTH / 2))).not.toThrow();
  });
});

describe('safeLinkHref', () => {
  test.each([
    ['https://a.example/x', 'https://a.example/x'],
    ['HTTP://A.example', 'http://a.example/'],
    ['mailto:a@b.example', 'mailto:a@b.example'],
    [' \thttps://a.example', 'https://a.example/'],
    ['java\tscript:alert(1)', undefined],
    ['\u0000javascript:alert(1)', undefined],
    ['data:text/html,x', undefined],
    ['ftp://a.example', undefined],
    ['/relative', undefined],
    ['#anchor', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j', (href, expected) => {
    expect(safeLinkHref(href)).toBe(expected);
  });
});

// ---- properties ----

/** Fragments that hostile input is made of; concatenated at random they reach odd parser states quickly. */
const hostileFragments = [
  '<',
  '>',
  '</',
  '/>',
  '"',
  "'",
  '`',
  '=',
  ' ',
  '\n',
  '\n\n',
  '\t',
  '\u0000',
  '&',
  '&#',
  '&#x',
  ';',
  ':',
  '(',
  ')',
  '[',
  ']',
  '!',
  '#',
  '*',
  '_',
  '~',
  '|',
  '-',
  '\\',
  '```',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  'script',
  'SCRIPT',
  'img',
  'svg',
  'math',
  'style',
  'iframe',
  'a',
  'href',
  'src',
  'onerror',
  'onload',
  ' onclick=',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  '&#106;',
  '&#x6A;avascript',
  '&colon;',
  'data:',
  'vbscript:',
  'alert(1)',
  'https://',
  '//',
  'mailto:',
  'www.',
  '[x](',
  '](',
  '![',
  '<javascript:',
  'http://a.example',
  '> ',
  '1. ',
  '- [ ] ',
  '| a |\n|---|\n',
];
const hostileMarkdown = fc
  .array(fc.oneof(fc.constantFrom(...hostileFragments), fc.string({ maxLength: 4 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('properties', () => {
  test('for any string, renderBrief output is inert', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (markdown) => {
        expectInert(renderBrief(markdown).html, markdown);
      }),
      { numRuns: 300 },
    );
  });

  test('for strings built from hostile fragments, renderBrief and the sanitizer alone are inert', () => {
    fc.assert(
      fc.property(hostileMarkdown, (markdown) => {
        const { html } = renderBrief(markdown);
        expectInert(html, markdown);
        expectInert(sanitizeBriefHtml(markdown), markdown);
      }),
      { numRuns: 1000 },
    );
  });

  test('sanitizing the output again changes nothing (no parse/serialise round trip reveals new markup)', () => {
    fc.assert(
      fc.property(hostileMarkdown, (markdown) => {
        const { html } = renderBrief(markdown);
        expect(sanitizeBriefHtml(html)).toBe(html);
      }),
      { numRuns: 500 },
    );
  });
});
