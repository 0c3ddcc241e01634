import { describe, expect, test } from 'vitest';
import { linkifySameOrigin, type TextPart } from './linkify';

const origin = 'http://127.0.0.1:3000';
const links = (parts: TextPart[]) =>
  parts.filter((p) => p.kind === 'link').map((p) => (p.kind === 'link' ? p.href : ''));

describe('linkifySameOrigin', () => {
  test('a link to this origin becomes a path, and the text around it is kept verbatim', () => {
    const text = `Open this link:\n\n${origin}/verify-email?token=abc_DEF-123\n\nThanks.`;
    const parts = linkifySameOrigin(text, origin);
    expect(parts).toEqual([
      { kind: 'text', text: 'Open this link:\n\n' },
      { kind: 'link', text: `${origin}/verify-email?token=abc_DEF-123`, href: '/verify-email?token=abc_DEF-123' },
      { kind: 'text', text: '\n\nThanks.' },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  test.each([
    ['another host', 'https://evil.example/verify-email?token=x'],
    ['another port', 'http://127.0.0.1:3001/verify-email?token=x'],
    ['another scheme', 'https://127.0.0.1:3000/verify-email?token=x'],
    ['a look-alike host', 'http://127.0.0.1:3000.evil.example/x'],
    ['credentials in the URL', 'http://user:pass@127.0.0.1:3000/x'],
  ])('%s stays plain text', (_label, url) => {
    const parts = linkifySameOrigin(`see ${url} now`, origin);
    expect(links(parts)).toEqual([]);
    expect(parts).toEqual([{ kind: 'text', text: `see ${url} now` }]);
  });

  test('sentence punctuation after a link is not part of it', () => {
    const parts = linkifySameOrigin(`Go to ${origin}/reset-password?token=t1. Or (${origin}/login).`, origin);
    expect(links(parts)).toEqual(['/reset-password?token=t1', '/login']);
    expect(parts.map((p) => p.text).join('')).toBe(`Go to ${origin}/reset-password?token=t1. Or (${origin}/login).`);
  });

  test('text without links is one part; empty text is none', () => {
    expect(linkifySameOrigin('Hello', origin)).toEqual([{ kind: 'text', text: 'Hello' }]);
    expect(linkifySameOrigin('', origin)).toEqual([]);
  });
});
