import { InvalidArgumentError } from '../errors/errors.js';
import type { ConsumerSpec, StreamSpec } from './bus.js';
import { isSubjectToken } from './subject-pattern.js';

// The names every service agrees on (DESIGN.md "Messaging"). Search ids and trial
// ids become subject tokens, so they may not contain '.', '*', '>' or spaces.

/** Work-queue stream of trial jobs: one message per trial, removed when a trainer acks it. */
export const TRIALS_STREAM = 'FACENAS_TRIALS';
export const TRIALS_SUBJECT_PREFIX = 'facenas.trials';
/** Durable pull consumer shared by all trainers. */
export const TRAINERS_CONSUMER = 'trainers';

/** Limits-retention stream of search and trial events, so results survive a controller restart. */
export const EVENTS_STREAM = 'FACENAS_EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'facenas.events';

/** KV bucket holding each search's state for resume. */
export const SEARCHES_BUCKET = 'facenas_searches';
/** Object store bucket for exported models. */
export const MODELS_BUCKET = 'facenas_models';

export type EventKind = 'trial.started' | 'trial.progress' | 'trial.completed' | 'trial.failed' | 'search.completed';

function checkToken(field: string, value: string): void {
  if (!isSubjectToken(value)) throw new InvalidArgumentError(field, `must be non-empty without '.', '*', '>' or spaces (got ${JSON.stringify(value)})`);
}

/** `facenas.trials.<searchId>`: where a search's trial jobs are published (and purged on StopSearch). */
export function trialSubject(searchId: string): string {
  checkToken('searchId', searchId);
  return `${TRIALS_SUBJECT_PREFIX}.${searchId}`;
}

/** `<searchId>.<trialId>`: the message id that makes a re-published trial job a duplicate. */
export function trialMsgId(searchId: string, trialId: string): string {
  checkToken('searchId', searchId);
  checkToken('trialId', trialId);
  return `${searchId}.${trialId}`;
}

/** `facenas.events.<searchId>.<kind>`; subscribe to `facenas.events.<searchId>.>` for one search. */
export function eventSubject(searchId: string, kind: EventKind): string {
  checkToken('searchId', searchId);
  return `${EVENTS_SUBJECT_PREFIX}.${searchId}.${kind}`;
}

/** Every event of one search (or of all searches without an id). */
export function eventFilter(searchId?: string): string {
  if (searchId === undefined) return `${EVENTS_SUBJECT_PREFIX}.>`;
  checkToken('searchId', searchId);
  return `${EVENTS_SUBJECT_PREFIX}.${searchId}.>`;
}

export function trialsStreamSpec(): StreamSpec {
  return { name: TRIALS_STREAM, subjects: [`${TRIALS_SUBJECT_PREFIX}.>`], retention: 'workqueue', duplicateWindowMs: 10 * 60_000 };
}

export function eventsStreamSpec(): StreamSpec {
  return { name: EVENTS_STREAM, subjects: [`${EVENTS_SUBJECT_PREFIX}.>`], retention: 'limits', duplicateWindowMs: 10 * 60_000, maxAgeMs: 7 * 24 * 3_600_000 };
}

/**
 * ack_wait ~60 s, max_deliver 3, max_ack_pending = number of trainers (DESIGN.md); trainers
 * call working() every ackWaitMs/3. `trainers` null leaves max_ack_pending as the consumer
 * has it: a trainer process knows its own workers, not how many trainers run (autoscaling),
 * and each worker holds at most one job anyway.
 */
export function trainersConsumerSpec(trainers: number | null, ackWaitMs = 60_000): ConsumerSpec {
  const spec: ConsumerSpec = { stream: TRIALS_STREAM, durable: TRAINERS_CONSUMER, ackWaitMs, maxDeliver: 3 };
  if (trainers !== null) spec.maxAckPending = Math.max(1, trainers);
  return spec;
}
