import type { Bus } from '../../services/common/bus/bus.js';
import { eventFilter, EVENTS_STREAM, trainersConsumerSpec } from '../../services/common/bus/subjects.js';
import type { TrialReport__Output } from '../../services/common/generated/facenas/v1/TrialReport.js';
import { readTrialReport } from '../../services/controller/search/trial-report-input.js';

// What the trainers told the controller about one search, read back from the durable
// FACENAS_EVENTS stream (subjects facenas.events.<search>.trial.*), independent of what
// the controller made of it. Final reports are SUCCEEDED/EARLYSTOPPED, or FAILED
// without `retrying`; a retrying FAILED and the RUNNING reports are not.

export interface TrialReports {
  /** Deliveries of the job that reported RUNNING (started training). */
  started: number[];
  /** SUCCEEDED/EARLYSTOPPED reports: one per delivery that trained the trial to the end. */
  completions: TrialReport__Output[];
  /** Final FAILED reports (not retrying). */
  failures: TrialReport__Output[];
  /** FAILED reports that handed the job back for another delivery. */
  retries: TrialReport__Output[];
}

const isCompletion = (r: TrialReport__Output) => r.state === 'TRIAL_STATE_SUCCEEDED' || r.state === 'TRIAL_STATE_EARLYSTOPPED';

/**
 * Every trial report of `searchId` in the stream, per trial. Reads with a durable consumer
 * of its own (filtered to the search), so the controller's consumer is not disturbed.
 */
export async function readTrialReports(bus: Bus, searchId: string): Promise<Map<string, TrialReports>> {
  const reader = await bus.consumer({ stream: EVENTS_STREAM, durable: `audit-${searchId}`, filterSubject: eventFilter(searchId), ackWaitMs: 30_000, maxDeliver: 1 });
  const byTrial = new Map<string, TrialReports>();
  try {
    for (;;) {
      const message = await reader.next(500);
      if (!message) break;
      await message.ack();
      if (!/\.trial\.[a-z]+$/.test(message.subject)) continue;
      const report = readTrialReport(message.json<unknown>());
      let entry = byTrial.get(report.trialId);
      if (!entry) byTrial.set(report.trialId, (entry = { started: [], completions: [], failures: [], retries: [] }));
      if (report.state === 'TRIAL_STATE_RUNNING' && !report.progress) entry.started.push(report.delivery);
      else if (isCompletion(report)) entry.completions.push(report);
      else if (report.state === 'TRIAL_STATE_FAILED') (report.retrying ? entry.retries : entry.failures).push(report);
    }
  } finally {
    await reader.close();
  }
  return byTrial;
}

/**
 * Resolves once no trial job is waiting in or held from the `trainers` queue. Only then
 * can no late report come: a job a dead trainer held (or whose ack was lost) is still
 * pending until it is delivered again, trained and acked.
 */
export async function untilTrialQueueEmpty(bus: Bus, ackWaitMs: number, timeoutMs: number): Promise<void> {
  // The trainers' own ack_wait and no max_ack_pending: opening this handle changes nothing
  // on the consumer; it only reads the counters.
  const view = await bus.consumer(trainersConsumerSpec(null, ackWaitMs));
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      const { pending, ackPending } = await view.pending();
      if (pending === 0 && ackPending === 0) return;
      if (Date.now() > end) throw new Error(`trial jobs still out after ${timeoutMs} ms: ${pending} waiting, ${ackPending} held`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await view.close();
  }
}
