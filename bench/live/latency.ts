/**
 * Detector event submitted → rendered in a real browser. A real Zhidu process (embedded,
 * the built-in simulator feeding all 18 intersections unless `simulator: 'off'`), the
 * engineer view of one intersection open in Chromium, and every 2 s a marker detector
 * event (on, then off 0.4 s later) for that intersection sent through `POST /ingest/v1/events`
 * with `ts` = the moment it is sent. The page is watched from outside (no probe in the
 * product): the view shows the intersection's `sourceTs` in `<time datetime>`; a
 * MutationObserver notes when it changes, and the next animation frame is "rendered".
 * A marker's latency = first rendered `sourceTs` ≥ its `ts`, minus the send time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import { launchBrowser } from '../../test/e2e/helpers/browser.js';
import { accessTokenOf, createE2eUser, startE2eServer } from '../../test/e2e/helpers/zhidu-server.js';

export interface LatencyResult {
  label: string;
  simulator: 'on' | 'off';
  markers: number;
  rendered: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The q-quantile by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example const loaded = await measureRenderLatency({ simulator: 'on', markers: 60 });
 */
export async function measureRenderLatency(options: {
  label: string;
  simulator: 'on' | 'off';
  markers: number;
  /** More environment for the server (e.g. `ZHIDU_ENGINE_REORDER_MS`). */
  env?: Record<string, string>;
  intersectionId?: string;
  warmUpS?: number;
}): Promise<LatencyResult> {
  const intersectionId = options.intersectionId ?? 'TJ01';
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error('showcase network invalid');
  const detector = loaded.network.intersections.find((i) => i.id === intersectionId)?.approaches[0]?.detectors.find((d) => d.kind === 'stopbar');
  if (!detector) throw new Error(`no stop-bar detector at ${intersectionId}`);

  const dataDir = await mkdtemp(join(tmpdir(), 'zhidu-bench-live-'));
  const server = await startE2eServer(dataDir, { ZHIDU_SIMULATOR: options.simulator, ...options.env });
  const browser = await launchBrowser(server.origin);
  try {
    const engineer = await createE2eUser(server, 'engineer');
    const adminToken = await accessTokenOf(server.origin, server.admin);
    const keyResponse = await fetch(`${server.origin}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ name: 'bench:live markers', intersections: [intersectionId] }),
    });
    if (!keyResponse.ok) throw new Error(`feed key: ${keyResponse.status} ${await keyResponse.text()}`);
    const feedKey = ((await keyResponse.json()) as { secret: string }).secret;

    const { page } = await browser.open();
    await page.goto(`${server.origin}/#/login?redirect=${encodeURIComponent(`/intersection/${intersectionId}`)}`);
    await page.fill('input[name=name]', engineer.name);
    await page.fill('input[name=password]', engineer.password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=state-age]').waitFor();
    await page.evaluate(() => {
      const renders: { renderedAt: number; sourceTs: number }[] = [];
      (window as unknown as { __renders: typeof renders }).__renders = renders;
      const target = document.querySelector('[data-testid=state-age]');
      if (!target) throw new Error('no state age element');
      new MutationObserver(() => {
        const sourceTs = Date.parse(target.getAttribute('datetime') ?? '');
        // the frame after the DOM change is the one that shows it
        requestAnimationFrame(() => renders.push({ renderedAt: Date.now(), sourceTs }));
      }).observe(target, { attributes: true, attributeFilter: ['datetime'] });
    });
    await pause((options.warmUpS ?? 20) * 1000);

    const sent: { ts: number; sentAt: number }[] = [];
    for (let i = 0; i < options.markers; i++) {
      const sentAt = Date.now();
      const ts = sentAt;
      const body = [
        { intersection: intersectionId, ts, code: 82, param: detector.channel },
        { intersection: intersectionId, ts: ts + 400, code: 81, param: detector.channel },
      ];
      const response = await fetch(`${server.origin}/ingest/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': feedKey },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`marker refused: ${response.status} ${await response.text()}`);
      sent.push({ ts, sentAt });
      await pause(2000);
    }
    await pause(8000);
    const renders = await page.evaluate(() => (window as unknown as { __renders: { renderedAt: number; sourceTs: number }[] }).__renders);
    const latencies = sent
      .map((marker) => renders.find((r) => r.sourceTs >= marker.ts && r.renderedAt >= marker.sentAt))
      .map((render, i) => (render ? render.renderedAt - (sent[i] as { sentAt: number }).sentAt : null))
      .filter((ms): ms is number => ms !== null)
      .sort((a, b) => a - b);
    return {
      label: options.label,
      simulator: options.simulator,
      markers: sent.length,
      rendered: latencies.length,
      p50Ms: quantile(latencies, 0.5),
      p90Ms: quantile(latencies, 0.9),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    };
  } finally {
    await browser.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
