/**
 * The system Chromium driven by playwright-core for the dashboard's browser tests:
 * software WebGL (SwiftShader), a fresh profile per launch, no background traffic.
 * Every page is watched: a request leaving the test server, a console error or an
 * uncaught page error is recorded, and `expectClean()` fails the test on any of them.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_CHROMIUM } from '../../helpers/services.js';

/** Screenshots of each view at its target sizes (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  externalRequests: string[];
  /** Fails the test when the page logged an error or reached outside the server. */
  expectClean(): void;
}

export interface TestBrowser {
  context: BrowserContext;
  /** A new page whose requests outside `origin` are blocked and recorded. */
  open(options?: { width?: number; height?: number }): Promise<WatchedPage>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Requests the dashboard may make: the test server itself, and in-page data/blob URLs. */
function isLocal(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith(origin.replace(/^http/, 'ws'));
}

/**
 * Launches Chromium headless with a fresh `--user-data-dir` (`launchPersistentContext`).
 *
 * @example const browser = await launchBrowser(origin); const { page, expectClean } = await browser.open();
 */
export async function launchBrowser(origin: string, options: { locale?: string } = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'zhidu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: TEST_CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1920, height: 1080 },
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Europe/London', // not Asia/Shanghai: the dashboard must convert times itself
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    async open({ width = 1920, height = 1080 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      const consoleErrors: string[] = [];
      const externalRequests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
      page.on('websocket', (socket) => {
        if (!isLocal(socket.url(), origin)) externalRequests.push(socket.url());
      });
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (isLocal(url, origin)) return route.continue();
        externalRequests.push(url);
        return route.abort('blockedbyclient');
      });
      return {
        page,
        consoleErrors,
        externalRequests,
        expectClean() {
          expect(externalRequests, 'requests leaving the server').toEqual([]);
          expect(consoleErrors, 'console errors').toEqual([]);
        },
      };
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
