// Renders the sample report and saves the top of it (reward curves, the first
// search's summary, scatter and best trials) as the README's picture:
//   npx tsx services/cli/report/make-report-image.ts [out.png]
// Needs Debian's chromium (see report-browser.ts).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from './render-report.js';
import { withReportPage } from './report-browser.js';
import { sampleReportInput } from './sample-report-input.js';

const DEFAULT_OUT = 'docs/images/report.png';
const VIEWPORT = { width: 1240, height: 2000 };

async function main(out: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'facenas-report-image-'));
  try {
    const reportFile = join(dir, 'report.html');
    await writeFile(reportFile, renderReport(sampleReportInput()));
    await withReportPage(reportFile, VIEWPORT, async ({ page, blockedRequests }) => {
      if (blockedRequests.length > 0) throw new Error(`the report asked for ${blockedRequests.join(', ')}`);
      await page.screenshot({ path: out });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`wrote ${out}`);
}

await main(process.argv[2] ?? DEFAULT_OUT);
