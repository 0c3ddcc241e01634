import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

describe('npm start on a fresh data folder', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('prints the URLs it serves', () => {
    expect(platform.output()).toContain(platform.webUrl);
    expect(platform.output()).toContain(`${platform.webUrl}/docs`);
  });

  test('the landing page renders and reports the API healthy through the web origin', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const response = await page.goto(platform.webUrl);
    expect(response?.status()).toBe(200);
    // A nonce-based CSP without 'unsafe-inline' on every page, and the page runs under it.
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    await expect.poll(() => page.getByTestId('landing-hero').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('api-status').textContent(), { timeout: 15_000 }).toMatch(/ok/i);
    await page.screenshot({ path: `${artifacts}landing.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  test('the API answers through the web origin: health, readiness, OpenAPI and errors', async () => {
    const page = await browser.newPage();
    await page.goto(platform.webUrl);
    const result = await page.evaluate(async () => {
      const get = async (path: string) => {
        const res = await fetch(path);
        return { status: res.status, body: await res.json() };
      };
      return {
        health: await get('/api/healthz'),
        ready: await get('/api/readyz'),
        openapi: await get('/api/openapi.json'),
        missing: await get('/api/v1/no-such-thing'),
      };
    });
    expect(result.health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(result.ready).toMatchObject({
      status: 200,
      body: { checks: { database: { driver: 'pglite' }, queue: { driver: 'inline' } } },
    });
    expect(result.openapi.body.openapi).toBe('3.1.0');
    expect(result.missing).toMatchObject({ status: 404, body: { code: 'ROUTE_NOT_FOUND' } });
    await page.close();
  });

  test('the API docs page loads', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${platform.webUrl}/docs`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('.swagger-ui').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}docs.png` });
    await page.close();
  });

  test('Ctrl-C stops everything cleanly', async () => {
    const ended = await platform.stop();
    // npm re-raises the SIGINT it forwarded, as in a terminal; the platform script itself must exit 0.
    expect(ended.code === 0 || ended.signal === 'SIGINT').toBe(true);
    expect(platform.output()).toContain('stopping…');
    expect(platform.output()).not.toContain('exited unexpectedly');
    await expect(fetch(`${platform.webUrl}/`)).rejects.toThrow();
    await expect(fetch(`${platform.apiUrl}/healthz`)).rejects.toThrow();
  });
});
