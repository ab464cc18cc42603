// The report as a person sees it: rendered by headless Chromium with the network cut
// off. Needs Debian's chromium at /usr/bin/chromium; without it this test fails (never
// skips) and says how to install it.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../services/cli/report/render-report.js';
import { withReportPage } from '../../services/cli/report/report-browser.js';
import { trialId } from '../../services/cli/report/sketched-messages.js';
import { REALISTIC_FRONT_IDS, REALISTIC_POINT_COUNT, realisticReportInput } from './report-fixtures.js';

const VIEWPORT = { width: 1240, height: 900 };

let dir: string;
let reportFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facenas-report-'));
  reportFile = join(dir, 'report.html');
  await writeFile(reportFile, renderReport(realisticReportInput()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface PixelStats {
  distinctColours: number;
  nonWhiteFraction: number;
  /** Pixels within a small distance of the given colour. */
  near: (rgb: readonly [number, number, number]) => number;
}

function pixelStats(png: Buffer): PixelStats {
  const { data, width, height } = PNG.sync.read(png);
  const colours = new Set<number>();
  let nonWhite = 0;
  for (let i = 0; i < data.length; i += 4) {
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) nonWhite++;
  }
  const near = ([r, g, b]: readonly [number, number, number]): number => {
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) count++;
    }
    return count;
  };
  return { distinctColours: colours.size, nonWhiteFraction: nonWhite / (width * height), near };
}

describe('report.html in headless Chromium', () => {
  it('renders the scatter, Pareto line, baseline and tables with no network request', async () => {
    await withReportPage(reportFile, VIEWPORT, async ({ page, blockedRequests }) => {
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });

      const points = await page.$$eval('svg.scatter [data-trial]', (marks) =>
        marks.map((m) => ({ id: m.getAttribute('data-trial'), width: (m as SVGGraphicsElement).getBBox().width })),
      );
      expect(points).toHaveLength(REALISTIC_POINT_COUNT);
      for (const point of points) expect(point.width).toBeGreaterThan(0);

      const front = await page.$eval('svg.scatter path.pareto-front', (path) => ({
        trials: path.getAttribute('data-trials'),
        length: (path as SVGPathElement).getTotalLength(),
      }));
      expect(front.trials).toBe(REALISTIC_FRONT_IDS.join(' '));
      expect(front.length).toBeGreaterThan(100);

      expect(await page.$$eval('svg.scatter .point.baseline', (marks) => marks.map((m) => m.getAttribute('data-trial')))).toEqual([
        trialId(0),
      ]);
      expect(await page.$$eval('svg.scatter line.latency-target', (lines) => lines.length)).toBe(1);
      expect(await page.$$eval('svg.rewards circle[data-trial]', (dots) => dots.length)).toBe(REALISTIC_POINT_COUNT);
      expect(await page.$$eval('table.top-trials tbody tr', (rows) => rows.length)).toBe(10);
      expect(await page.$$eval('table.top-trials svg.architecture rect', (rects) => rects.length)).toBe(10 * 8);

      const scatter = pixelStats(await page.locator('svg.scatter').screenshot());
      expect(scatter.distinctColours).toBeGreaterThan(30);
      expect(scatter.nonWhiteFraction).toBeGreaterThan(0.3); // the shaded region beyond T alone is about half
      expect(scatter.near([0xd5, 0x5e, 0x00])).toBeGreaterThan(200); // the orange Pareto line and points

      const page1 = pixelStats(await page.screenshot({ fullPage: true }));
      expect(page1.distinctColours).toBeGreaterThan(100);

      expect(blockedRequests).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });

  it('would notice a request: a page with an external image is caught and blocked', async () => {
    const probe = join(dir, 'probe.html');
    await writeFile(probe, '<!doctype html><img src="https://example.invalid/face.png">');
    await withReportPage(probe, VIEWPORT, async ({ page, blockedRequests }) => {
      await page.waitForLoadState('load');
      expect(blockedRequests).toEqual(['https://example.invalid/face.png']);
    });
  });
});
