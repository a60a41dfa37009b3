/**
 * What a person sees in an HTML report, in headless Chromium: the timeline
 * drawn as SVG bars, the counterexample and its replay token, and record
 * data holding `<script>` shown as text, never executed. No network.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, counterexampleOf } from '../src/report/Report.ts';
import { renderHtml } from '../src/report/html.ts';
import { runKinesisCase } from '../src/run/kinesisSuite.ts';
import { runScenario } from '../src/scenario/runScenario.ts';
import type { GeneratedCase } from '../src/workload/arbitraries.ts';

const CHROMIUM = '/usr/bin/chromium';
const EVIL = '<script>window.__pwned = 1</script>';

const evilCase: GeneratedCase = {
  workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a', data: EVIL, rid: 'r0' }, { at: 0, partitionKey: 'a', data: 'ok', rid: 'r1' }] },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] },
  function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'respond', response: { batchItemFailures: [{ itemIdentifier: EVIL }] } }] } },
  seed: '1',
};

let browser: BrowserContext;
let file: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: the report rendering test needs it (Debian package "chromium"; .ci/run installs it).`);
  const out = await runKinesisCase(evilCase, 'lane-leak');
  expect(out.findings.length).toBeGreaterThan(0);
  const violation = { suite: 'kinesis', seed: 1, path: '0', mutation: 'lane-leak', counterexample: evilCase, findings: out.findings, trace: out.trace };
  const scenario = await runScenario({ file: 'evil.json', scenario: { name: `evil ${EVIL}`, rules: ['E-5'], case: evilCase, expect: { deliveries: { r0: 99 } } } });
  const report = buildReport({ name: 'browser', command: `streamcheck ${EVIL}`, counterexamples: [counterexampleOf(violation, 100)], scenarios: [scenario] });
  file = join(mkdtempSync(join(tmpdir(), 'streamcheck-html-')), 'report.html');
  writeFileSync(file, renderHtml(report));
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'streamcheck-chromium-')), {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 800 },
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in a browser', () => {
  it('shows the timeline, the counterexample and the data as text, running no script and fetching nothing', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    const bars = page.locator('svg.timeline g.bar rect');
    expect(await bars.count()).toBeGreaterThanOrEqual(3);
    const box = await bars.first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(5);
    expect(await page.locator('svg.timeline g.bar.failure, svg.timeline g.bar.partial').count()).toBeGreaterThan(0);

    await expect(page.locator('.counterexample h3').first().innerText()).resolves.toContain('r1 was delivered while r0');
    await expect(page.locator('.counterexample pre.finding').first().innerText()).resolves.toMatch(/^\[Q-2\] per-key-order: .*\n\s+Let r0/);
    await expect(page.locator('code.replay').first().innerText()).resolves.toMatch(/^npx streamcheck repro sc1\./);

    await page.locator('.counterexample details summary').first().click();
    const json = await page.locator('.counterexample details pre').first().innerText();
    expect(json).toContain(JSON.stringify(EVIL).slice(1, -1));
    await expect(page.locator('.scenario summary').first().innerText()).resolves.toContain(EVIL);
    await expect(page.locator('table.diff').first().innerText()).resolves.toMatch(/deliveries\.r0\s+99\s+2/);

    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    await page.close();
  });
});
