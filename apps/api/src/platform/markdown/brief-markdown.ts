// Campaign briefs are written in Markdown by brands and shown to every creator: stored XSS here would run in
// creators' sessions. Two independent layers keep the HTML inert:
// 1. marked renders GitHub-flavoured Markdown with raw HTML turned off: every HTML block or inline tag the author
//    typed is escaped and shown as text (`<b>` reads as "<b>"); a link whose URL is not allowed (see 2) keeps
//    only its text; images become links (no tracking pixels, no mixed content); headings shift down one level
//    (# → h2, the page title owns h1; capped at h4); task-list checkboxes become ☐/☑ characters.
// 2. sanitize-html then keeps only an allowlist of tags and attributes, whatever (1) produced: no element outside
//    the list, no style, no event handler, no title, a class only on <code> and only `language-<name>`. Links must
//    be absolute http(s) or mailto URLs as a browser would parse them (WHATWG URL, after entity decoding), get
//    rel="nofollow noopener noreferrer ugc" and open in a new tab; any other <a> is stripped of every attribute.
// Single newlines become <br> (breaks: true): brief authors are not Markdown writers and expect what they typed.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Longest brief accepted, in characters (UTF-16 code units, as JavaScript and zod count them). */
export const MAX_BRIEF_MARKDOWN_LENGTH = 20_000;

export type MarkdownErrorCode =
  /** The Markdown is longer than MAX_BRIEF_MARKDOWN_LENGTH characters. */
  'MARKDOWN_TOO_LONG';

export class MarkdownError extends Error {
  override readonly name = 'MarkdownError';
  readonly code: MarkdownErrorCode;

  constructor(code: MarkdownErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isMarkdownError(value: unknown): value is MarkdownError {
  return value instanceof MarkdownError;
}

export type RenderedBrief = {
  /** The Markdown as stored: line endings normalised to \n, otherwise exactly as written. */
  markdown: string;
  /** Sanitised HTML, safe to insert into a page as is. */
  html: string;
};

/** The tags the HTML may contain, and the attributes each may carry. Nothing else survives sanitising. */
export const BRIEF_ALLOWED_TAGS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  p: [],
  br: [],
  strong: [],
  em: [],
  del: [],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  h2: [],
  h3: [],
  h4: [],
  a: ['href', 'rel', 'target'],
  hr: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['align'],
  td: ['align'],
});

const allowedLinkProtocols = new Set(['http:', 'https:', 'mailto:']);
export const BRIEF_LINK_REL = 'nofollow noopener noreferrer ugc';

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html({ text, block }: Tokens.HTML | Tokens.Tag) {
      return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(depth + 1, 4);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const safe = safeLinkHref(href);
      return safe ? `<a href="${escapeHtml(safe)}">${text}</a>` : text;
    },
    image({ href, text }: Tokens.Image) {
      const safe = safeLinkHref(href);
      return safe ? `<a href="${escapeHtml(safe)}">${escapeHtml(text || safe)}</a>` : escapeHtml(text);
    },
    checkbox({ checked }: Tokens.Checkbox) {
      return checked ? '☑ ' : '☐ ';
    },
  },
});

/** The href to keep on a link, or undefined to drop the link: absolute http(s)/mailto URLs only, normalised. */
export function safeLinkHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href); // relative URLs throw: a brief links out, never into our own routes
  } catch {
    return undefined;
  }
  return allowedLinkProtocols.has(url.protocol) ? url.href : undefined;
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: Object.keys(BRIEF_ALLOWED_TAGS),
  allowedAttributes: Object.fromEntries(Object.entries(BRIEF_ALLOWED_TAGS).map(([tag, attrs]) => [tag, [...attrs]])),
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  allowVulnerableTags: false,
  transformTags: {
    a(tagName, attribs): sanitizeHtml.Tag {
      const href = safeLinkHref(attribs.href);
      // The renderer already turned unsafe links into text; one that still gets here (raw HTML, should layer 1
      // ever let it through) loses all its attributes. (Renaming it to a disallowed tag instead would hit a
      // sanitize-html bug that leaves a stray closing tag behind.)
      if (!href) return { tagName, attribs: {} };
      return { tagName, attribs: { href, rel: BRIEF_LINK_REL, target: '_blank' } };
    },
    code(tagName, attribs): sanitizeHtml.Tag {
      // marked writes the fence's info word as class="language-…"; keep it only when it looks like a language name.
      const language = attribs.class && /^language-[\w+#.-]{1,40}$/.test(attribs.class) ? attribs.class : undefined;
      return { tagName, attribs: language ? { class: language } : {} };
    },
  },
};

/** Sanitises HTML with the brief allowlist (exported for tests and for HTML that did not come from renderBrief). */
export function sanitizeBriefHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}

/** Renders a brief's Markdown to safe HTML. Throws MarkdownError('MARKDOWN_TOO_LONG') over the length limit. */
export function renderBrief(markdown: string): RenderedBrief {
  const normalised = markdown.replace(/\r\n?/g, '\n');
  if (normalised.length > MAX_BRIEF_MARKDOWN_LENGTH) {
    throw new MarkdownError(
      'MARKDOWN_TOO_LONG',
      `The brief is ${normalised.length.toLocaleString('en')} characters long; the limit is ${MAX_BRIEF_MARKDOWN_LENGTH.toLocaleString('en')}.`,
    );
  }
  const rendered = marked.parse(normalised) as string;
  return { markdown: normalised, html: sanitizeBriefHtml(rendered).trim() };
}
