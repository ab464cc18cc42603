import { InvalidArgumentError, throwIfProblems } from '../errors/errors.js';
import type { ConsumerSpec, StreamSpec } from './bus.js';
import { subjectPatternProblem } from './subject-pattern.js';

// Both bus implementations check names and specs the same way before acting, so
// a mistake fails identically in embedded mode and against a real NATS server
// (which would otherwise answer with its own, less specific, errors).

const NAME = /^[A-Za-z0-9_-]+$/;
const KV_KEY = /^[-/_=.A-Za-z0-9]+$/;

/** Stream, durable-consumer and bucket names: letters, digits, `_` and `-` (what NATS accepts everywhere). */
export function checkName(field: string, name: string): void {
  if (!NAME.test(name)) throw new InvalidArgumentError(field, `must be letters, digits, '_' or '-' (got ${JSON.stringify(name)})`);
}

export function checkKvKey(key: string): void {
  if (!KV_KEY.test(key) || key.startsWith('.') || key.endsWith('.')) {
    throw new InvalidArgumentError('key', `must be letters, digits and - / _ = . not starting or ending with '.' (got ${JSON.stringify(key)})`);
  }
}

/** Any non-empty name up to 180 bytes (the embedded store turns names into file names). */
export function checkObjectName(name: string): void {
  if (name.length === 0) throw new InvalidArgumentError('name', 'must not be empty');
  if (Buffer.byteLength(name, 'utf8') > 180) throw new InvalidArgumentError('name', 'must be at most 180 bytes');
}

export function checkSubject(field: string, subject: string, allowWildcards: boolean): void {
  const problem = subjectPatternProblem(subject, allowWildcards);
  if (problem) throw new InvalidArgumentError(field, problem);
}

function positiveIntProblem(field: string, value: number | undefined, problems: InvalidArgumentError[]): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    problems.push(new InvalidArgumentError(field, `must be a positive integer (got ${value})`));
  }
}

export function checkStreamSpec(spec: StreamSpec): void {
  const problems: InvalidArgumentError[] = [];
  if (!NAME.test(spec.name)) problems.push(new InvalidArgumentError('name', `must be letters, digits, '_' or '-' (got ${JSON.stringify(spec.name)})`));
  if (spec.subjects.length === 0) problems.push(new InvalidArgumentError('subjects', 'must name at least one subject'));
  spec.subjects.forEach((subject, i) => {
    const problem = subjectPatternProblem(subject, true);
    if (problem) problems.push(new InvalidArgumentError(`subjects.${i}`, problem));
  });
  if (spec.retention !== 'workqueue' && spec.retention !== 'limits') {
    problems.push(new InvalidArgumentError('retention', `must be 'workqueue' or 'limits' (got ${JSON.stringify(spec.retention)})`));
  }
  positiveIntProblem('duplicateWindowMs', spec.duplicateWindowMs, problems);
  positiveIntProblem('maxAgeMs', spec.maxAgeMs, problems);
  positiveIntProblem('maxMsgs', spec.maxMsgs, problems);
  throwIfProblems(problems);
}

export function checkConsumerSpec(spec: ConsumerSpec): void {
  const problems: InvalidArgumentError[] = [];
  if (!NAME.test(spec.stream)) problems.push(new InvalidArgumentError('stream', `must be letters, digits, '_' or '-' (got ${JSON.stringify(spec.stream)})`));
  if (!NAME.test(spec.durable)) problems.push(new InvalidArgumentError('durable', `must be letters, digits, '_' or '-' (got ${JSON.stringify(spec.durable)})`));
  if (spec.filterSubject !== undefined) {
    const problem = subjectPatternProblem(spec.filterSubject, true);
    if (problem) problems.push(new InvalidArgumentError('filterSubject', problem));
  }
  positiveIntProblem('ackWaitMs', spec.ackWaitMs, problems);
  positiveIntProblem('maxDeliver', spec.maxDeliver, problems);
  positiveIntProblem('maxAckPending', spec.maxAckPending, problems);
  throwIfProblems(problems);
}
