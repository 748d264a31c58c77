/**
 * Timing suggestions in a real browser (issue 8): a whole Zhidu system (embedded mode) holds
 * measured minutes of the showcase AM peak (the simulator's events through the engine's shards,
 * as the engine stores them) and the product's runs have proposed retimings for two
 * intersections of Weijin Rd. An engineer opens the engineer view, reads the reasoning and
 * approves one; an officer cannot: the engineer view is not theirs, the corridor view shows the
 * other proposal with its review buttons disabled, and the API answers 403.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../services/config/index.js';
import type { Suggestion } from '../../services/contracts/timing.js';
import { startSystem, type RunningSystem } from '../../services/system.js';
import { measureAmPeak, storeMeasured } from '../fixtures/timing/measured-minutes.js';
import { createTestUser, type TestUser } from '../helpers/auth.js';
import { describeWith } from '../helpers/services.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';

async function signIn(page: Page, origin: string, user: TestUser, path: string, landsOn = path): Promise<void> {
  await page.goto(`${origin}/#/login?redirect=${encodeURIComponent(path)}`);
  await page.fill('input[name=name]', user.name);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**/#${landsOn}`);
}

async function api(origin: string, user: TestUser, method: string, path: string, body?: unknown): Promise<Response> {
  const login = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user.name, password: user.password }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

await describeWith(['chromium'], 'timing suggestions in a real browser', () => {
  let dataDir: string;
  let system: RunningSystem;
  let origin: string;
  let browser: TestBrowser;
  let engineer: TestUser;
  let officer: TestUser;
  const ids: Record<'TJ07' | 'TJ08' | 'nanjing-rd', string> = { TJ07: '', TJ08: '', 'nanjing-rd': '' };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-e2e-timing-'));
    const config = loadConfig({ ZHIDU_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ZHIDU_SIMULATOR: 'off' });
    system = await startSystem(config, { listen: true, logger: pino({ level: 'warn' }) });
    origin = (system.url as string).replace(/\/$/, '');
    // 16 minutes of the AM peak, measured; the runs read 07:30–07:45 as the 15-minute job would.
    const measured = measureAmPeak(system.network.network, { seed: 1, minutes: 16 });
    await storeMeasured(system.store, system.network.network, measured);
    const windowTo = measured.startTs + 15 * 60_000;
    for (const id of ['TJ07', 'TJ08'] as const) {
      const run = await system.timing.runner.runIntersection(id, { trigger: 'on-demand', windowTo });
      expect(run.outcome, id).toBe('proposed');
      ids[id] = run.suggestionId as string;
    }
    const corridorRun = await system.timing.runner.runCorridor('nanjing-rd', { trigger: 'on-demand', windowTo });
    expect(corridorRun.outcome).toBe('proposed');
    ids['nanjing-rd'] = corridorRun.suggestionId as string;
    engineer = await createTestUser(system.auth, system.store, 'engineer', 'e2e.engineer');
    officer = await createTestUser(system.auth, system.store, 'officer', 'e2e.officer');
    browser = await launchBrowser(origin);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets an engineer read the reasoning and approve a suggestion', async () => {
    const watched = await browser.open();
    const { page } = watched;
    await signIn(page, origin, engineer, '/intersection/TJ07');
    const detail = page.locator(`[data-testid=suggestion-detail][data-suggestion="${ids.TJ07}"]`);
    await detail.waitFor({ timeout: 30_000 });
    expect(await detail.getAttribute('data-status')).toBe('proposed');
    // The reasoning: inputs, critical flow ratios, the cycle formula with its numbers, delay before/after, the plan diff.
    expect(await detail.locator('[data-testid=reasoning-inputs] tbody tr').count()).toBeGreaterThan(4);
    expect(await detail.locator('[data-testid=reasoning-critical]').textContent()).toMatch(/Y = /);
    expect(await detail.locator('[data-testid=reasoning-cycle]').textContent()).toMatch(/C₀ = \(1\.5 × [\d.]+ \+ 5\) \/ \(1 − [\d.]+\) = [\d.]+/);
    expect(await detail.locator('[data-testid=reasoning-delay-total] td').count()).toBe(5);
    await detail.locator('[data-testid=plan-diff][data-changed=true]').waitFor();
    await page.locator('[data-testid=suggestions-panel]').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await browser.screenshot(page, 'timing-engineer-1920x1080');

    await detail.locator('[data-testid=review-comment]').fill('核对过现场流量');
    await detail.locator('[data-testid=approve-button]').click();
    await page.locator(`[data-testid=suggestion-detail][data-suggestion="${ids.TJ07}"][data-status=approved]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=review-line]').textContent()).toContain(engineer.name);
    const stored = (await (await api(origin, engineer, 'GET', `/api/v1/timing/suggestions/${ids.TJ07}`)).json()) as Suggestion;
    expect(stored).toMatchObject({ status: 'approved', review: { by: engineer.name, comment: '核对过现场流量' } });

    // Exported, the proposal becomes the plan in force: the plan card shows version 2 and its plan.
    const planVersion = page.locator('[data-testid=plan-card] [data-testid=plan-version]');
    expect(await planVersion.textContent()).toMatch(/^第 1 版（路网文件/);
    await detail.locator('[data-testid=export-button]').click();
    await page.locator(`[data-testid=suggestion-detail][data-suggestion="${ids.TJ07}"][data-status=exported]`).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => /^第 2 版（采纳的建议/.test(document.querySelector('[data-testid=plan-card] [data-testid=plan-version]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    const proposedPlan = stored.plans.find((p) => p.intersectionId === 'TJ07')?.plan;
    expect(await page.locator('[data-testid=plan-card] .facts strong').textContent()).toContain(proposedPlan?.id);
    watched.expectClean();
    await page.close();
  }, 120_000);

  it('draws a corridor proposal: the green bands of its time-space diagram', async () => {
    const watched = await browser.open();
    const { page } = watched;
    await signIn(page, origin, engineer, '/corridor/nanjing-rd');
    await page.locator(`[data-testid=corridor-suggestions] button[data-suggestion="${ids['nanjing-rd']}"]`).click();
    const detail = page.locator(`[data-testid=suggestion-detail][data-suggestion="${ids['nanjing-rd']}"]`);
    const diagram = detail.locator('[data-testid=time-space-diagram]');
    await diagram.waitFor({ timeout: 30_000 });
    // Six intersections, a main-direction band (and the opposite one when the search found it), greens at every row.
    expect(await diagram.locator('g[data-intersection]').count()).toBe(6);
    expect(await diagram.locator('polygon[data-band=outbound]').count()).toBeGreaterThan(0);
    expect(await diagram.locator('rect[data-green=outbound]').count()).toBeGreaterThanOrEqual(6 * 3);
    expect(await detail.locator('[data-testid=corridor-members] tbody tr').count()).toBe(6);
    await diagram.evaluate((svg) => svg.scrollIntoView({ block: 'center' }));
    await browser.screenshot(page, 'timing-corridor-1920x1080');
    watched.expectClean();
    await page.close();
  }, 120_000);

  it('refuses an officer: no engineer view, disabled review in the corridor view, 403 from the API', async () => {
    const watched = await browser.open();
    const { page } = watched;
    await signIn(page, origin, officer, '/field');
    // The engineer view (where suggestions are reviewed) is not the officer's: back to the field view.
    await page.goto(`${origin}/#/intersection/TJ08`);
    await page.waitForURL('**/#/field');
    expect(await page.locator('[data-testid=approve-button]').count()).toBe(0);

    // The corridor view shows Weijin Rd's suggestions to every role, read-only for an officer.
    await page.goto(`${origin}/#/corridor/weijin-rd`);
    // Weijin Rd's plans in force run 140 and 150 s: no common cycle, so no band to draw yet.
    await page.locator('[data-testid=corridor-now] p').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=corridor-now] p').textContent()).toBe('现行方案周期不一致，无绿波带');
    await page.locator(`[data-testid=corridor-suggestions] button[data-suggestion="${ids.TJ08}"]`).click();
    const detail = page.locator(`[data-testid=suggestion-detail][data-suggestion="${ids.TJ08}"]`);
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('proposed');
    expect(await detail.locator('[data-testid=approve-button]').isDisabled()).toBe(true);
    expect(await detail.locator('[data-testid=review-comment]').isDisabled()).toBe(true);
    expect(await detail.locator('[data-testid=engineers-only]').isVisible()).toBe(true);
    await browser.screenshot(page, 'timing-corridor-officer-1920x1080');

    const refused = await api(origin, officer, 'POST', `/api/v1/timing/suggestions/${ids.TJ08}/approve`, {});
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('ZHIDU_ERR_FORBIDDEN');
    const still = (await (await api(origin, officer, 'GET', `/api/v1/timing/suggestions/${ids.TJ08}`)).json()) as Suggestion;
    expect(still.status).toBe('proposed');
    watched.expectClean();
    await page.close();
  }, 120_000);
});
