import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const PASSWORD = 'lantern orchard velvet 1847';
const STEP_SECONDS = 30;

/**
 * A TOTP code the API will accept after `usedStep` was spent: the API takes each 30-second step once and allows one
 * step of drift, so when this step is already used the next step's code is sent (it is within the drift window).
 */
async function codeAfter(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  const current = Math.floor(Date.now() / 1000 / STEP_SECONDS);
  const step = Math.max(current, usedStep + 1);
  return { code: await generate({ secret, epoch: step * STEP_SECONDS }), step };
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.getByLabel('Creator').check();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function signOut(page: Page, webUrl: string): Promise<void> {
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-out').click();
  await page.waitForURL(`${webUrl}/`);
  await expect.poll(() => page.getByRole('link', { name: 'Log in' }).isVisible()).toBe(true);
}

describe('identity in the browser: sign up, two-factor authentication, log in with a code', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const email = `e2e-${Date.now()}@example.com`;
  let secret = '';
  let usedStep = 0;
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    platform = await startPlatform();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  test('sign up creates the account and signs it in', async () => {
    await page.goto(platform.webUrl);
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.waitForURL('**/signup');
    await signUp(page, 'Grace Hopper', email);

    await page.waitForURL('**/account');
    await expect.poll(() => page.getByTestId('account-menu-name').textContent()).toBe('Grace Hopper');
    expect(await page.getByTestId('current-email').textContent()).toBe(email);
    // Embedded mode mails the confirmation link to the outbox; until it is opened the address is unconfirmed.
    expect(await page.getByTestId('email-unverified').isVisible()).toBe(true);
    await page.screenshot({ path: `${artifacts}identity-account.png`, fullPage: true });
  });

  test('a wrong code does not turn 2FA on; the right one does and shows ten recovery codes once', async () => {
    await page.getByRole('link', { name: 'Two-factor authentication' }).click();
    await page.waitForURL('**/account/two-factor');
    await page.getByTestId('start-2fa').click();
    await page.getByTestId('enrol-2fa').waitFor();
    expect(await page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await page.screenshot({ path: `${artifacts}identity-2fa-enrol.png`, fullPage: true });

    const codeField = page.getByLabel('Enter the 6-digit code the app shows');
    const right = await codeAfter(secret, 0);
    const wrong = right.code === '000000' ? '111111' : '000000';
    await codeField.fill(wrong);
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toMatch(/code is not right/i);

    await codeField.fill(right.code);
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    usedStep = right.step;
    recoveryCodes = await page.getByTestId('recovery-code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await page.screenshot({ path: `${artifacts}identity-2fa-codes.png`, fullPage: true });

    await page.getByTestId('recovery-codes-done').click();
    await page.getByTestId('two-factor-on').waitFor();
    // Leaving and coming back shows the saved state, not the codes again.
    await page.reload();
    await page.getByTestId('two-factor-on').waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBe(0);
  });

  test('after signing out, logging in asks for the code and accepts it', async () => {
    await signOut(page, platform.webUrl);
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL('**/login');
    await logIn(page, email);

    const codeField = page.getByLabel('Authentication code');
    await codeField.waitFor();
    // Focus follows the step change, so the code can be typed at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.screenshot({ path: `${artifacts}identity-login-code.png`, fullPage: true });

    const { code, step } = await codeAfter(secret, usedStep);
    await codeField.fill(code);
    await page.getByRole('button', { name: 'Verify and log in' }).click();
    await page.waitForURL('**/account');
    usedStep = step;
    await expect.poll(() => page.getByTestId('account-menu-name').textContent()).toBe('Grace Hopper');

    const session = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/session');
      return (await response.json()) as { user: { email: string; twoFactorEnabled: boolean } };
    });
    expect(session.user).toMatchObject({ email, twoFactorEnabled: true });
  });

  test('a recovery code signs in once and is refused the second time', async () => {
    const [recoveryCode] = recoveryCodes;
    expect(recoveryCode).toBeDefined();
    for (const attempt of ['first', 'second'] as const) {
      await signOutIfSignedIn();
      await page.goto(`${platform.webUrl}/login`);
      await logIn(page, email);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCode!);
      await page.getByRole('button', { name: 'Verify and log in' }).click();
      if (attempt === 'first') {
        await page.waitForURL('**/account');
      } else {
        await expect
          .poll(() => page.getByTestId('form-error').textContent())
          .toMatch(/wrong, expired or already used/i);
        expect(page.url()).toContain('/login');
      }
    }
  });

  test('a protected page sends a visitor to log in, and signing up from there returns to it', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const fresh = await visitor.newPage();
    const freshErrors = watchErrors(fresh);
    await fresh.goto(`${platform.webUrl}/account/api-tokens`);
    await fresh.waitForURL(/\/login\?returnTo=%2Faccount%2Fapi-tokens$/);
    await fresh.getByRole('link', { name: 'Create an account' }).click();
    await fresh.waitForURL(/\/signup\?returnTo=%2Faccount%2Fapi-tokens$/);
    await signUp(fresh, 'Alan Turing', `e2e-visitor-${Date.now()}@example.com`);
    await fresh.waitForURL('**/account/api-tokens');
    await fresh.getByText('No API tokens yet').waitFor();
    expect(freshErrors).toEqual([]);
    await visitor.close();
  });

  test('no page threw an uncaught error', () => {
    expect(errors).toEqual([]);
  });

  async function signOutIfSignedIn(): Promise<void> {
    if (await page.getByTestId('account-menu-button').isVisible()) await signOut(page, platform.webUrl);
  }
});
