import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../platform/errors/app-error.js';

// argon2id (the package's Algorithm.Argon2id is a const enum, which isolated modules cannot read: its value is 2).
// OWASP's baseline (19 MiB, 2 iterations, 1 lane) raised to 64 MiB / 3 iterations. @node-rs/argon2 ships prebuilt
// N-API binaries per platform as optional dependencies (no install script); the `argon2` package's prebuilt binary
// crashed (SIGSEGV) on Node 20 here unless compiled from source by an install script.
const hashOptions = { algorithm: 2, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

/**
 * Verifies against the stored hash, or against a dummy hash when there is none (unknown user, OIDC-only account),
 * so the answer takes the same time either way and does not reveal which accounts exist (ASVS 6.3.8).
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  const target = hash ?? (await dummyHash());
  const ok = await verify(target, password).catch(() => false);
  return Boolean(hash) && ok;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash('not-a-real-password-used-for-timing', hashOptions);
  return dummy;
}

/**
 * Refuses common, breached-looking or guessable passwords (zxcvbn's dictionaries of leaked passwords, names and
 * words; score below 3), and passwords built from the user's own email or name (ASVS 6.2.4).
 */
export async function assertStrongPassword(password: string, userInputs: string[], field = 'password'): Promise<void> {
  const inputs = userInputs.flatMap((v) => [v, ...v.split(/[@.\s_-]+/)]).filter((v) => v.length >= 3);
  const lower = password.toLowerCase();
  // zxcvbn still scores "carla.example1" as fair for carla@example.test; refuse the account's own words outright.
  const personal = userInputs
    .map((v) => v.toLowerCase().split('@')[0]!.trim())
    .some((v) => v.length >= 4 && lower.includes(v));
  const result = await zxcvbn.checkAsync(password, inputs);
  if (result.score >= 3 && !personal) return;
  const hint = personal
    ? 'Do not build it from your name or email address.'
    : result.feedback.warning || result.feedback.suggestions[0] || 'Use a longer, less predictable passphrase.';
  throw new AppError('VALIDATION_FAILED', `${field}: this password is too easy to guess. ${hint}`, {
    issues: [{ path: `body.${field}`, code: 'weak_password', message: `too easy to guess: ${hint}` }],
  });
}
