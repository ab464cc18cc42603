import type { TrialReport } from '../generated/facenas/v1/TrialReport.js';
import { encodeJson, type Bus, type PublishAck } from './bus.js';
import { eventSubject, type EventKind } from './subjects.js';

// How a trainer tells the controller about a trial: a TrialReport (JSON form of the
// proto message) stored in the FACENAS_EVENTS stream, so reports that arrive while the
// controller is down are read when it comes back. Each report has a message id, so a
// trainer that re-publishes after a lost ack does not create a second report; the
// controller also ignores a second final report for a trial it finished.

/** The subject kind a report goes out on. */
export function reportKind(report: Pick<TrialReport, 'state' | 'progress'>): EventKind {
  switch (report.state) {
    case 'TRIAL_STATE_RUNNING':
      return report.progress ? 'trial.progress' : 'trial.started';
    case 'TRIAL_STATE_SUCCEEDED':
    case 'TRIAL_STATE_EARLYSTOPPED':
      return 'trial.completed';
    default:
      return 'trial.failed';
  }
}

/**
 * `<search>.<trial>.<kind>.<delivery>[.<step>]`: one id per report a given delivery of a
 * job can make (a progress report per step it was made at; a retrying failure per delivery).
 */
export function reportMsgId(report: Pick<TrialReport, 'searchId' | 'trialId' | 'state' | 'progress' | 'delivery' | 'retrying'>): string {
  const kind = reportKind(report);
  const base = `${report.searchId}.${report.trialId}.${kind}.${report.delivery ?? 0}`;
  if (kind === 'trial.progress') return `${base}.${report.progress?.step ?? 0}`;
  if (kind === 'trial.failed' && report.retrying) return `${base}.retry`;
  return base;
}

export function publishTrialReport(bus: Bus, report: TrialReport & { searchId: string; trialId: string }): Promise<PublishAck> {
  return bus.publish(eventSubject(report.searchId, reportKind(report)), encodeJson(report), { msgId: reportMsgId(report) });
}
