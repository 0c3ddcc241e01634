// Mail bodies in the outbox are plain text. Links in them become clickable only when they point at this very
// origin (the verification and reset links the platform itself sends); any other URL stays inert text, so the
// outbox cannot be used to send an administrator somewhere else with one click.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
// Sentence punctuation that follows a URL in prose is not part of it.
const TRAILING = /[.,;:!?)\]}]+$/;

export function linkifySameOrigin(text: string, origin: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (part: TextPart) => {
    const previous = parts[parts.length - 1];
    if (part.kind === 'text' && previous?.kind === 'text') previous.text += part.text;
    else if (part.text) parts.push(part);
  };
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const raw = match[0];
    const candidate = raw.replace(TRAILING, '');
    push({ kind: 'text', text: text.slice(last, start) });
    const href = sameOriginPath(candidate, origin);
    push(href ? { kind: 'link', text: candidate, href } : { kind: 'text', text: candidate });
    last = start + candidate.length;
  }
  push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The path of `candidate` when it is on `origin` with no credentials in it; null otherwise. */
function sameOriginPath(candidate: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username || url.password) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
