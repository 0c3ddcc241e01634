import { describe, expect, test } from 'vitest';
import { newTrackingCode, trackingLink, TRACKING_CODE_LENGTH } from './tracking-code.js';

describe('tracking codes', () => {
  test('are 12 base62 characters, never repeat, and use the whole alphabet', () => {
    const codes = Array.from({ length: 20_000 }, newTrackingCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // 240,000 draws over 62 symbols: each is expected 3,871 times (σ ≈ 62). The bounds are ±5σ, so a fair draw
    // fails about once in 30,000 runs, while `byte % 62` (4,687 for the first 8 symbols) is caught every time.
    const seen = new Map<string, number>();
    for (const ch of codes.join('')) seen.set(ch, (seen.get(ch) ?? 0) + 1);
    expect(seen.size).toBe(62);
    for (const n of seen.values()) expect(n).toBeGreaterThan(3560);
    for (const n of seen.values()) expect(n).toBeLessThan(4180);
    expect(TRACKING_CODE_LENGTH).toBe(12);
  });

  test.each([
    ['https://rewards.example', 'https://rewards.example/r/AbC123xyz789'],
    ['https://rewards.example/', 'https://rewards.example/r/AbC123xyz789'],
    ['http://127.0.0.1:3000//', 'http://127.0.0.1:3000/r/AbC123xyz789'],
  ])('the link under %s is %s', (base, link) => {
    expect(trackingLink(base, 'AbC123xyz789')).toBe(link);
  });
});
