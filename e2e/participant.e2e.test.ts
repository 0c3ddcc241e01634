import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

/**
 * The participant's side (issue 5 item 8): the demo creator, who joined "Summer Drop" and submitted two posts with
 * sandbox metrics, opens My campaigns, submits a new post, is told when the same post comes again, and reads how a
 * post earned what it did. Screenshots of each page go to e2e/artifacts/participant-*.png.
 */

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// The last of a YouTube id's 11 characters only carries 2 bits: it is one of these 16.
const LAST_CHARS = 'AEIMQUYcgkosw048';

/** A fresh, valid-looking YouTube video id, so reruns never collide with a post submitted before. */
function randomVideoId(): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += ID_CHARS[randomInt(ID_CHARS.length)];
  return id + LAST_CHARS[randomInt(LAST_CHARS.length)];
}

type Login = { email: string; password: string; roles: string[]; totpSecret: string | null };

describe('participant pages in the browser: my campaigns, submit a post, earnings explained', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let creator: Login;
  const videoId = randomVideoId();

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    platform = await startPlatform();
    browser = await launchBrowser();
    const logins = JSON.parse(readFileSync(join(platform.dataDir, 'demo-logins.json'), 'utf8')) as Login[];
    const found = logins.find((l) => l.email === 'creator@demo.local');
    if (!found) throw new Error('npm start printed no demo creator');
    creator = found;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  test('the demo creator signs in and opens My campaigns from the header', async () => {
    await page.goto(`${platform.webUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(creator.email);
    await page.getByLabel('Password', { exact: true }).fill(creator.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.getByTestId('nav-my-campaigns').click();
    await page.waitForURL(`${platform.webUrl}/me/campaigns`);
    const summer = page.getByTestId('my-participation').filter({ hasText: 'Summer Drop' });
    await expect.poll(() => summer.count()).toBe(1);
    await expect.poll(() => summer.innerText()).toContain('2 posts submitted');
    await page.screenshot({ path: `${artifacts}participant-campaigns.png`, fullPage: true });
  });

  test('submits a new YouTube post to Summer Drop and sees it listed', async () => {
    await page
      .getByTestId('my-participation')
      .filter({ hasText: 'Summer Drop' })
      .getByRole('link', { name: /Submit a post/ })
      .click();
    await page.waitForURL(/\/me\/campaigns\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('participation-title').innerText()).toContain('Summer Drop');
    await expect.poll(() => page.getByTestId('requirements-reminder').innerText()).toContain('#SparklingCitrus');
    // The two demo posts are listed before the new one.
    await expect.poll(() => page.getByTestId('my-submission').count()).toBe(2);

    await page.getByLabel('Link to your post').fill(`https://youtu.be/${videoId}`);
    await page.getByRole('button', { name: 'Submit post' }).click();
    await page.getByTestId('submit-post-done').waitFor();
    const listed = page.getByTestId('my-submission').filter({ hasText: videoId });
    await expect.poll(() => listed.count()).toBe(1);
    await expect.poll(() => listed.innerText()).toContain('Pending verification');
    await expect.poll(() => page.getByTestId('my-submission').count()).toBe(3);
    await page.screenshot({ path: `${artifacts}participant-participation.png`, fullPage: true });
  });

  test('submitting the same post again says it was already submitted, under the URL field', async () => {
    const field = page.getByLabel('Link to your post');
    // Another form of the same video's link: the API deduplicates the post, not the text.
    await field.fill(`https://www.youtube.com/watch?v=${videoId}`);
    await page.getByRole('button', { name: 'Submit post' }).click();
    const error = page.locator('#post-url-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/already submitted/i);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('my-submission').count()).toBe(3);
    await page.screenshot({ path: `${artifacts}participant-already-submitted.png`, fullPage: true });
  });

  test('My submissions lists every post; an earnings explanation shows the rate and the simulated label', async () => {
    await page.getByTestId('nav-my-submissions').click();
    await page.waitForURL(`${platform.webUrl}/me/submissions`);
    const demoPost = page.getByTestId('my-submission').filter({ hasText: 'aqz-KE-bpKQ' });
    await expect.poll(() => demoPost.count()).toBe(1);
    // Post links leave the site without a referrer or an endorsement.
    expect(await demoPost.getByTestId('submission-url').getAttribute('rel')).toBe('noopener noreferrer nofollow');
    await page.screenshot({ path: `${artifacts}participant-submissions.png`, fullPage: true });

    await demoPost.getByTestId('earnings-link').click();
    await page.waitForURL(/\/me\/submissions\/[0-9a-f-]{36}\/earnings$/);
    await expect.poll(() => page.getByTestId('earnings-rate').innerText()).toBe('$3.00');
    const summary = await page.getByTestId('earnings-summary').innerText();
    expect(summary).toContain('48,900 views × $3.00 per 1,000 = $146.70');
    expect(summary).toMatch(/posted, on hold until/);
    await expect.poll(() => page.getByTestId('earnings-snapshots').getByTestId('simulated').count()).toBe(2);
    await page.screenshot({ path: `${artifacts}participant-earnings-post.png`, fullPage: true });
  });

  test('the earnings and social accounts pages load', async () => {
    await page.getByTestId('nav-earnings').click();
    await page.waitForURL(`${platform.webUrl}/me/earnings`);
    const summer = page.getByTestId('earnings-item').filter({ hasText: 'Summer Drop' });
    await expect.poll(() => summer.count()).toBe(1);
    await expect.poll(() => summer.innerText()).toMatch(/hold ends/i);
    await page.screenshot({ path: `${artifacts}participant-earnings.png`, fullPage: true });

    await page.goto(`${platform.webUrl}/me/social-accounts`);
    await expect.poll(() => page.getByTestId('social-accounts').innerText()).toContain('@cleocreates');
    // In use by the Summer Drop participation: the API refuses, and the page says why.
    await page.getByRole('button', { name: 'Remove YouTube @cleocreates' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByTestId('form-error').innerText()).toMatch(/is used by a campaign you are in/);
    await page.screenshot({ path: `${artifacts}participant-social-accounts.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
  });

  test('the brand opens the same explanation from its campaign’s submitted posts', async () => {
    const logins = JSON.parse(readFileSync(join(platform.dataDir, 'demo-logins.json'), 'utf8')) as Login[];
    const brand = logins.find((l) => l.email === 'brand@demo.local');
    if (!brand) throw new Error('npm start printed no demo brand');
    const brandContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const brandPage = await brandContext.newPage();
    brandPage.on('pageerror', (error) => pageErrors.push(error.message));
    await brandPage.goto(`${platform.webUrl}/login`);
    await brandPage.getByLabel('Email', { exact: true }).fill(brand.email);
    await brandPage.getByLabel('Password', { exact: true }).fill(brand.password);
    await brandPage.getByRole('button', { name: 'Log in' }).click();
    await brandPage.waitForURL((url) => !url.pathname.startsWith('/login'));
    const orgs = (await (await brandContext.request.get(`${platform.webUrl}/api/v1/orgs`)).json()) as {
      items: { id: string }[];
    };
    const orgId = orgs.items[0]!.id;
    const campaigns = (await (
      await brandContext.request.get(`${platform.webUrl}/api/v1/orgs/${orgId}/campaigns?limit=100`)
    ).json()) as { items: { id: string; title: string }[] };
    const summer = campaigns.items.find((c) => c.title.startsWith('Summer Drop'));
    expect(summer).toBeDefined();

    await brandPage.goto(`${platform.webUrl}/orgs/${orgId}/campaigns/${summer!.id}`);
    const post = brandPage.getByTestId('submissions').locator('li').filter({ hasText: 'aqz-KE-bpKQ' });
    await post.getByTestId('submission-earnings-link').click();
    await brandPage.waitForURL(/\/submissions\/[0-9a-f-]{36}\/earnings$/);
    await expect.poll(() => brandPage.getByTestId('earnings-rate').innerText()).toBe('$3.00');
    expect(await brandPage.getByTestId('earnings-summary').innerText()).toContain('48,900 views × $3.00 per 1,000');
    await brandPage.screenshot({ path: `${artifacts}participant-brand-earnings.png`, fullPage: true });
    await brandContext.close();
    expect(pageErrors).toEqual([]);
  });
});
