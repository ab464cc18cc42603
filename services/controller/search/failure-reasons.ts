/**
 * Failure reasons start with a short code (`dataset: cannot open ...`), so metrics can
 * label failures with a small fixed set while people read the whole sentence.
 */
export const FAILURE_REASON_CODES = [
  'invalid_architecture',
  'invalid_job',
  'dataset',
  'out_of_memory',
  'training',
  'evaluation',
  'latency',
  'max_deliveries',
  'worker_lost',
  'internal',
] as const;

export type FailureReasonCode = (typeof FAILURE_REASON_CODES)[number] | 'other';

export function failureReasonCode(reason: string): FailureReasonCode {
  const code = reason.split(':', 1)[0].trim();
  return (FAILURE_REASON_CODES as readonly string[]).includes(code) ? (code as FailureReasonCode) : 'other';
}
