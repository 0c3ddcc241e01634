/** Environment variables the global setup hands to test files (forked workers inherit the environment). */
export const TEST_ENV = {
  adminUrl: 'CR_TEST_PG_ADMIN_URL',
  runId: 'CR_TEST_PG_RUN_ID',
  template: 'CR_TEST_PG_TEMPLATE',
} as const;

export function quoteIdent(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new RangeError(`unsafe database name: ${name}`);
  return `"${name}"`;
}

export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
