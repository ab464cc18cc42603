// Opens a report file in headless Debian Chromium with every network request blocked
// and recorded, for the report's browser test and for rendering its README picture.
// Development only: playwright-core is a devDependency.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Page, chromium } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_MISSING_MESSAGE =
  `${CHROMIUM_PATH} not found: the report's browser checks need Debian's chromium package ` +
  '(run .ci/install-system-deps.sh, or apt-get install chromium)';

// Without the background-networking flags Chromium phones home at start, and on a
// closed network those attempts fail noisily.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedReport {
  page: Page;
  /** Every URL the page asked for other than the report itself; each was refused. */
  blockedRequests: string[];
}

export interface ViewportSize {
  width: number;
  height: number;
}

/** Runs `use` on the loaded report, then closes the browser and deletes its profile. */
export async function withReportPage<T>(reportFile: string, viewport: ViewportSize, use: (opened: OpenedReport) => Promise<T>): Promise<T> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING_MESSAGE);
  const profile = await mkdtemp(join(tmpdir(), 'facenas-report-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    offline: true,
  });
  try {
    const reportUrl = pathToFileURL(reportFile).href;
    const blockedRequests: string[] = [];
    context.on('request', (request) => {
      if (request.url() !== reportUrl) blockedRequests.push(request.url());
    });
    await context.route('**/*', (route) => (route.request().url() === reportUrl ? route.continue() : route.abort('blockedbyclient')));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(reportUrl, { waitUntil: 'load' });
    return await use({ page, blockedRequests });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
