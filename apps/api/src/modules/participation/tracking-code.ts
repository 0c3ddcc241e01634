import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 12 base62 characters: about 71 bits, so codes cannot be guessed or enumerated. */
export const TRACKING_CODE_LENGTH = 12;

/**
 * A tracking-link code from the CSPRNG. randomInt draws each character uniformly (it rejects the values that would
 * make `% 62` favour the first characters), so no code is likelier than another.
 */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) code += BASE62[randomInt(BASE62.length)];
  return code;
}

/** The full link participants share; the redirect behind /r/ comes with the tracking work. */
export function trackingLink(publicWebUrl: string, code: string): string {
  return `${publicWebUrl.replace(/\/+$/, '')}/r/${code}`;
}
