import { randomBytes } from 'node:crypto';

const MAX_BASE = 48;

/** A URL-friendly slug of an org name: lower-case ASCII letters, digits and single dashes ("Café Ünter" → "cafe-unter"). */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_BASE)
    .replace(/^-+|-+$/g, '');
  // A name of only symbols or non-Latin script leaves nothing usable; the random suffix then tells orgs apart.
  return base || 'org';
}

/** The slug with a short random suffix, for when the plain one is taken. */
export function withRandomSuffix(slug: string): string {
  return `${slug}-${randomBytes(3).toString('hex')}`;
}
