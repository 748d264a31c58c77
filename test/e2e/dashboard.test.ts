/**
 * The dashboard in the system Chromium against a real Zhidu process (embedded mode, the
 * built-in simulator feeding all 18 intersections through ingest and the engine): each view
 * loads with no console error and no request leaving the server, the map draws the network,
 * values change while the simulator runs, the language switch changes the text, an incident
 * reported and acknowledged in the field reaches the command wall, and screenshots of every
 * view at its target sizes are saved under test/e2e/screenshots/ (not committed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith } from '../helpers/services.js';
import { launchBrowser, type TestBrowser, type WatchedPage } from './helpers/browser.js';
import { createE2eUser, startE2eServer, type E2eServer, type E2eUser } from './helpers/zhidu-server.js';

/** Connection failures a page logs while the server is down on purpose (restart test). */
const OUTAGE_NOISE = /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/;

async function signIn(page: Page, origin: string, user: E2eUser, path: string): Promise<void> {
  await page.goto(`${origin}/#/login?redirect=${encodeURIComponent(path)}`);
  await page.fill('input[name=name]', user.name);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**/#${path}`);
}

/** Resolves once the map has drawn and counted its features. */
async function mapDrawn(page: Page): Promise<Record<string, number>> {
  const map = page.locator('[data-testid=network-map][data-ready=true]');
  await map.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=network-map]')?.getAttribute('data-rendered-intersection')) > 0, undefined, {
    timeout: 30_000,
  });
  return map.evaluate((element) => ({
    intersection: Number(element.getAttribute('data-rendered-intersection')),
    approach: Number(element.getAttribute('data-rendered-approach')),
    corridor: Number(element.getAttribute('data-rendered-corridor')),
    district: Number(element.getAttribute('data-rendered-district')),
  }));
}

await describeWith(['chromium'], 'dashboard in a real browser', () => {
  let dataDir: string;
  let server: E2eServer;
  let users: Record<'viewer' | 'officer' | 'engineer', E2eUser>;
  const browsers: TestBrowser[] = [];
  const browser = async () => {
    const launched = await launchBrowser(server.origin);
    browsers.push(launched);
    return launched;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-e2e-'));
    // 30 s access tokens (the shortest allowed): the renewal test sees several silent renewals.
    server = await startE2eServer(dataDir, { ZHIDU_SIMULATOR: 'on', ZHIDU_ACCESS_TOKEN_TTL_S: '30' });
    users = {
      viewer: await createE2eUser(server, 'viewer', 'Wall 1'),
      officer: await createE2eUser(server, 'officer', 'Officer Li'),
      engineer: await createE2eUser(server, 'engineer', 'Engineer Wang'),
    };
  }, 180_000);

  afterAll(async () => {
    for (const launched of browsers) await launched.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('sign-in', () => {
    it('opens on the sign-in page, refuses a wrong password by its code in the chosen language, then lands on the role view', async () => {
      const launched = await browser();
      const watched = await launched.open();
      const { page } = watched;
      await page.goto(`${server.origin}/`);
      await page.waitForURL('**/#/login**');
      await expect.poll(() => page.locator('h2').first().textContent()).toBe('登录');
      await launched.screenshot(page, 'login-1920x1080');
      await page.fill('input[name=name]', users.officer.name);
      await page.fill('input[name=password]', 'wrong-password-123');
      await page.click('button[type=submit]');
      await expect.poll(() => page.locator('[role=alert][data-code]').getAttribute('data-code')).toBe('ZHIDU_ERR_UNAUTHENTICATED');
      expect(await page.locator('[role=alert][data-code] strong').textContent()).toBe('用户名或密码不正确，或登录已失效');
      await page.click('button[data-locale=en]');
      expect(await page.locator('[role=alert][data-code] strong').textContent()).toBe('Wrong user name or password, or the session has ended');
      // the wrong password earned a 401 that the browser logs; nothing else may be logged
      watched.consoleErrors.splice(0, watched.consoleErrors.length, ...watched.consoleErrors.filter((e) => !/status of 401/.test(e)));
      await page.fill('input[name=password]', users.officer.password);
      await page.click('button[type=submit]');
      await page.waitForURL('**/#/field');
      // officers see the field and the command views, not the engineer view
      expect(await page.locator('nav a[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')))).toEqual(['command', 'field']);
      await page.goto(`${server.origin}/#/intersection/TJ01`);
      await page.waitForURL('**/#/field');
      watched.expectClean();
      await page.close();
    }, 90_000);
  });

  describe('command view', () => {
    let launched: TestBrowser;
    let watched: WatchedPage;

    beforeAll(async () => {
      launched = await browser();
      watched = await launched.open();
      await signIn(watched.page, server.origin, users.viewer, '/command');
    }, 60_000);

    it('draws the network schematic: 18 intersections, their approaches, 5 corridors, 3 districts', async () => {
      const drawn = await mapDrawn(watched.page);
      expect(drawn.intersection).toBe(18);
      expect(drawn.approach).toBeGreaterThanOrEqual(60);
      expect(drawn.corridor).toBe(5);
      expect(drawn.district).toBe(3);
      expect(await watched.page.locator('.map-label-intersection').count()).toBe(18);
      expect(await watched.page.locator('[data-testid=district-index] li').count()).toBe(3);
      watched.expectClean();
    }, 60_000);

    it('colours the map and updates the indices while the simulator runs', async () => {
      const { page } = watched;
      const city = page.locator('[data-testid=city-index-value]');
      await expect.poll(() => city.textContent(), { timeout: 60_000, interval: 500 }).toMatch(/^\d+\.\d$/);
      await page.locator('[data-testid=ranking-index]').first().waitFor({ timeout: 30_000 });
      const snapshot = () => page.locator('[data-testid=ranking-index], [data-testid=worst-ranking] [data-intersection]').evaluateAll((cells) =>
        cells.map((cell) => cell.getAttribute('data-intersection') ?? cell.textContent).join('|'),
      );
      const first = await snapshot();
      await expect.poll(snapshot, { timeout: 60_000, interval: 1000 }).not.toBe(first);
      // every district has a level now, not "no data"
      await expect.poll(() => page.locator('[data-testid=district-index] [data-level=unknown]').count(), { timeout: 30_000 }).toBe(0);
      expect(await page.locator('[data-testid=stale-banner]').count()).toBe(0);
      await launched.screenshot(watched.page, 'command-1920x1080');
      watched.expectClean();
    }, 150_000);

    it('shows Beijing time whatever the machine zone (the browser runs in Europe/London)', async () => {
      const shown = await watched.page.locator('[data-testid=clock] .time').textContent();
      const expected = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.now());
      expect(shown?.slice(0, 5)).toBe(expected);
    });

    it('switches the language of every panel and back', async () => {
      const { page } = watched;
      const title = page.locator('[data-testid=city-index] .panel-title');
      expect(await title.textContent()).toBe('全市交通运行指数');
      await page.click('button[data-locale=en]');
      expect(await title.textContent()).toBe('City traffic index');
      expect(await page.locator('[data-testid=worst-ranking] .panel-title').textContent()).toBe('Most congested intersections (top 10)');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.locator('.map-label-district').allTextContents()).toContain('Heping District');
      await page.click('button[data-locale=zh-CN]');
      expect(await title.textContent()).toBe('全市交通运行指数');
      expect(await page.locator('.map-label-district').allTextContents()).toContain('和平区');
      watched.expectClean();
    });

    it('is readable on a 3840×2160 wall: the same layout, twice the size', async () => {
      const wall = await launched.open({ width: 3840, height: 2160 });
      try {
        await wall.page.goto(`${server.origin}/#/command`);
        await mapDrawn(wall.page);
        await expect.poll(() => wall.page.locator('[data-testid=city-index-value]').textContent(), { timeout: 30_000 }).toMatch(/^\d+\.\d$/);
        const size = (page: Page) => page.locator('[data-testid=city-index-value]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(await size(wall.page)).toBeCloseTo(2 * (await size(watched.page)), 0);
        await launched.screenshot(wall.page, 'command-3840x2160');
        wall.expectClean();
      } finally {
        // a 4K canvas drawn in software is heavy: never leave it running behind the next tests
        await wall.page.close();
      }
    }, 150_000);

    it('stays signed in and connected past the token lifetime: renewals are silent', async () => {
      const { page } = watched;
      const renewals: number[] = [];
      const sockets: string[] = [];
      const onResponse = (response: { url(): string; status(): number }) => {
        if (response.url().endsWith('/api/v1/auth/refresh')) renewals.push(response.status());
      };
      const onSocket = (socket: { url(): string }) => sockets.push(socket.url());
      page.on('response', onResponse);
      page.on('websocket', onSocket);
      // 40 s > the 30 s token: at least one renewal (at 75 % of its life), presented to the live socket too
      await page.waitForTimeout(40_000);
      page.off('response', onResponse);
      page.off('websocket', onSocket);
      expect(renewals.length).toBeGreaterThanOrEqual(1);
      expect(renewals.every((status) => status === 200)).toBe(true);
      expect(sockets).toEqual([]);
      expect(page.url()).toMatch(/#\/command$/);
      expect(await page.locator('.live-status').getAttribute('data-status')).toBe('live');
      watched.expectClean();
    }, 60_000);

    it('warns when live data stops, and recovers by itself after a server restart', async () => {
      const { page } = watched;
      const status = () => page.locator('.live-status').getAttribute('data-status');
      await expect.poll(status, { timeout: 15_000 }).toBe('live');
      // data keeps arriving while the simulator runs: no banner
      expect(await page.locator('[data-testid=stale-banner]').count()).toBe(0);
      const errorsBefore = watched.consoleErrors.length;
      await server.restart({ downMs: 12_000 });
      // while down: reconnecting, and the stale banner after 10 s without data
      await page.waitForSelector('[data-testid=stale-banner]', { timeout: 30_000 });
      // after the restart: connected again, a fresh snapshot, data flowing — no interaction
      await page.waitForFunction(
        () => document.querySelector('.live-status')?.getAttribute('data-status') === 'live' && !document.querySelector('[data-testid=stale-banner]'),
        undefined,
        { timeout: 60_000, polling: 200 },
      );
      await page.waitForTimeout(12_000);
      expect(await page.locator('[data-testid=stale-banner]').count()).toBe(0);
      const outage = watched.consoleErrors.splice(errorsBefore);
      expect(outage.filter((e) => !OUTAGE_NOISE.test(e))).toEqual([]);
      watched.expectClean();
    }, 120_000);
  });

  describe('engineer view', () => {
    it('shows the approach table, the ring-barrier diagram and the plan of an intersection', async () => {
      const launched = await browser();
      const watched = await launched.open();
      const { page } = watched;
      await signIn(page, server.origin, users.engineer, '/intersection/TJ01');
      await page.locator('[data-testid=approach-table] tbody tr').first().waitFor();
      expect(await page.locator('[data-testid=approach-table] tbody tr').count()).toBe(4);
      expect(await page.locator('[data-testid=ring-barrier] [data-phase]').count()).toBe(8);
      expect(await page.locator('[data-testid=plan-card] tbody tr').count()).toBe(8);
      expect(await page.locator('h1').textContent()).toContain('南京路-卫津路');
      await mapDrawn(page);
      // live measures arrive and the phases turn: the set of green phases changes within a cycle (140 s at TJ01)
      await expect.poll(() => page.locator('[data-testid=approach-table] [data-measure=flow]').first().textContent(), { timeout: 60_000 }).toMatch(/\d/);
      const green = () => page.locator('[data-testid=ring-barrier] [data-green=true]').evaluateAll((phases) => phases.map((p) => p.getAttribute('data-phase')).join(','));
      await expect.poll(green, { timeout: 30_000 }).not.toBe('');
      const before = await green();
      await expect.poll(green, { timeout: 150_000, interval: 500 }).not.toBe(before);
      await launched.screenshot(page, 'intersection-1920x1080');
      await page.click('button[data-locale=en]');
      expect(await page.locator('h1').textContent()).toContain('Nanjing Rd & Weijin Rd');
      expect(await page.locator('[data-testid=approach-table] th').first().textContent()).toBe('Approach');
      await page.goto(`${server.origin}/#/intersection`);
      expect(await page.locator('[data-testid=intersection-picker] [data-intersection]').count()).toBe(18);
      watched.expectClean();
    }, 240_000);
  });

  describe('field view', () => {
    it('centres on the officer, lists the nearest intersections, with touch targets of at least 48 px, landscape and portrait', async () => {
      const launched = await browser();
      await launched.context.grantPermissions(['geolocation'], { origin: server.origin });
      // standing at Haiguangsi, a few metres from TJ01 (Nanjing Rd & Weijin Rd)
      await launched.context.setGeolocation({ longitude: 117.1741, latitude: 39.1251, accuracy: 8 });
      const watched = await launched.open({ width: 1024, height: 768 });
      const { page } = watched;
      await signIn(page, server.origin, users.officer, '/field');
      await mapDrawn(page);
      await expect.poll(() => page.locator('[data-testid=nearest-list] [data-intersection]').first().getAttribute('data-intersection'), { timeout: 20_000 }).toBe('TJ01');
      expect(await page.locator('[data-testid=nearest-list] [data-intersection]').count()).toBe(5);
      await expect.poll(() => page.locator('[data-testid=nearest-list] [data-level=unknown]').count(), { timeout: 30_000 }).toBe(0);
      const small = await page.locator('button:visible').evaluateAll((buttons) =>
        buttons.map((b) => ({ text: b.textContent?.trim(), h: b.getBoundingClientRect().height })).filter((b) => b.h < 48),
      );
      expect(small).toEqual([]);
      await launched.screenshot(page, 'field-1024x768');
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.waitForTimeout(800);
      await launched.screenshot(page, 'field-768x1024');
      await page.click('button[data-tab=report]');
      await page.click('[data-testid=pick-on-map]');
      await page.locator('.pick-hint').waitFor();
      const box = await page.locator('[data-testid=network-map]').boundingBox();
      if (!box) throw new Error('map not laid out');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => page.locator('[data-testid=incident-position]').textContent()).toMatch(/^117\.\d+, 39\.\d+$/);
      await page.click('button[data-locale=en]');
      expect(await page.locator('button[data-tab=report]').textContent()).toBe('Report incident');
      watched.expectClean();
    }, 90_000);
  });

  describe('from the field to the command wall', () => {
    it('an incident reported in the field appears on the wall; acknowledged there it shows as handled; resolved it leaves the wall', async () => {
      const wallBrowser = await browser();
      const wall = await wallBrowser.open();
      await signIn(wall.page, server.origin, users.viewer, '/command');
      await mapDrawn(wall.page);
      const fieldBrowser = await browser();
      await fieldBrowser.context.grantPermissions(['geolocation'], { origin: server.origin });
      await fieldBrowser.context.setGeolocation({ longitude: 117.1741, latitude: 39.1251, accuracy: 8 });
      const field = await fieldBrowser.open({ width: 1024, height: 768 });
      const { page } = field;
      await signIn(page, server.origin, users.officer, '/field');
      await mapDrawn(page);

      await page.click('button[data-tab=report]');
      await page.locator('[data-testid=incident-report] label', { hasText: '交通事故' }).click();
      await page.fill('[data-testid=incident-note]', '两车追尾，占用一条车道 (e2e)');
      await page.locator('[data-testid=incident-report] button', { hasText: '使用我的位置' }).click();
      await expect.poll(() => page.locator('[data-testid=incident-position]').textContent()).toMatch(/^117\.174\d*, 39\.125\d*$/);
      await page.click('[data-testid=submit-incident]');
      await page.locator('.reported').waitFor();
      const item = page.locator('[data-alert-id^="incident:"]').first();
      await item.waitFor();
      const alertId = (await item.getAttribute('data-alert-id')) as string;

      const onWall = wall.page.locator(`[data-testid=alert-feed] [data-alert-id="${alertId}"]`);
      await onWall.waitFor({ timeout: 15_000 });
      expect(await onWall.getAttribute('data-status')).toBe('open');
      expect(await onWall.textContent()).toContain('交通事件');
      expect(await onWall.textContent()).toContain('两车追尾，占用一条车道 (e2e)');
      await fieldBrowser.screenshot(page, 'field-alerts-1024x768');

      await item.locator('[data-testid=acknowledge]').click();
      await expect.poll(() => onWall.getAttribute('data-status'), { timeout: 15_000 }).toBe('acknowledged');
      expect(await onWall.textContent()).toMatch(/已由 .+ 确认/);
      await wallBrowser.screenshot(wall.page, 'command-with-incident-1920x1080');

      await item.locator('[data-testid=resolve]').click();
      await onWall.waitFor({ state: 'detached', timeout: 15_000 });
      expect(await page.locator(`[data-alert-id="${alertId}"]`).count()).toBe(0);
      wall.expectClean();
      field.expectClean();
    }, 120_000);
  });
});
