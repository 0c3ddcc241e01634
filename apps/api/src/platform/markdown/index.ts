export {
  BRIEF_ALLOWED_TAGS,
  BRIEF_LINK_REL,
  isMarkdownError,
  MarkdownError,
  type MarkdownErrorCode,
  MAX_BRIEF_MARKDOWN_LENGTH,
  type RenderedBrief,
  renderBrief,
  safeLinkHref,
  sanitizeBriefHtml,
} from './brief-markdown.js';
