import { describe, expect, it } from 'vitest';

import { assertContentType, assertObjectKey } from './storage.port.js';

describe('assertObjectKey', () => {
  it.each(['a', 'campaigns/42/cover.png', 'A-Z_a-z.0-9', '.hidden', 'a/.well-known/x', 'a..b', '...', 'x'.repeat(512)])(
    'accepts %j',
    (key) => {
      expect(() => assertObjectKey(key)).not.toThrow();
    },
  );

  it.each([
    ['', /non-empty/],
    ['x'.repeat(513), /513 characters long, the limit is 512/],
    ['../x', /'\.\.' segment/],
    ['a/../../b', /'\.\.' segment/],
    ['..', /'\.\.' segment/],
    ['./a', /'\.' or '\.\.' segment|'\.', or/],
    ['a//b', /empty/],
    ['/etc/passwd', /must not start with '\/'/],
    ['a/', /must not end with '\/'/],
    ['a\\b', /may only contain/],
    ['a b', /may only contain/],
    ['a\nb', /may only contain/],
    ['caf\u00e9', /may only contain/],
    ['a\u0000b', /may only contain/],
    ['C:/x', /may only contain/],
    ['%2e%2e', /may only contain/],
  ])('rejects %j with a RangeError', (key, message) => {
    expect(() => assertObjectKey(key)).toThrow(RangeError);
    expect(() => assertObjectKey(key)).toThrow(message);
  });
});

describe('assertContentType', () => {
  it.each(['image/png', 'text/plain; charset=utf-8', 'application/vnd.api+json', 'application/octet-stream'])(
    'accepts %j',
    (contentType) => {
      expect(() => assertContentType(contentType)).not.toThrow();
    },
  );

  it.each([
    '',
    'png',
    'image/',
    '/png',
    'text/plain\r\nSet-Cookie: x=1',
    'text/plain; a=\u00e9',
    'a/b/c',
    `image/${'x'.repeat(260)}`,
  ])('rejects %j', (contentType) => {
    expect(() => assertContentType(contentType)).toThrow(RangeError);
  });
});
