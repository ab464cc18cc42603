import { describe, expect, it } from 'vitest';
import { subjectMatches } from './subject-pattern.js';
import { eventFilter, eventSubject, trainersConsumerSpec, trialMsgId, trialsStreamSpec, trialSubject, TRIALS_STREAM } from './subjects.js';

describe('facenas subjects', () => {
  it('builds the trial, message-id and event names of DESIGN.md', () => {
    expect(trialSubject('s42')).toBe('facenas.trials.s42');
    expect(trialMsgId('s42', 't7')).toBe('s42.t7');
    expect(eventSubject('s42', 'trial.completed')).toBe('facenas.events.s42.trial.completed');
    expect(subjectMatches(eventFilter('s42'), eventSubject('s42', 'search.completed'))).toBe(true);
    expect(subjectMatches(eventFilter('s42'), eventSubject('s43', 'search.completed'))).toBe(false);
    expect(subjectMatches(eventFilter(), eventSubject('s43', 'trial.started'))).toBe(true);
    expect(trialsStreamSpec().subjects.every((p) => subjectMatches(p, trialSubject('s42')))).toBe(true);
  });

  it('rejects ids that would break the subject, naming the field', () => {
    expect(() => trialSubject('a.b')).toThrow(expect.objectContaining({ field: 'searchId' }));
    expect(() => trialMsgId('s1', 't*')).toThrow(expect.objectContaining({ field: 'trialId' }));
    expect(() => eventSubject('', 'trial.failed')).toThrow(expect.objectContaining({ field: 'searchId' }));
  });

  it('gives the trainers consumer the DESIGN.md settings', () => {
    expect(trainersConsumerSpec(4)).toEqual({ stream: TRIALS_STREAM, durable: 'trainers', ackWaitMs: 60_000, maxDeliver: 3, maxAckPending: 4 });
    expect(trainersConsumerSpec(0).maxAckPending).toBe(1);
    expect(trainersConsumerSpec(null, 2_000)).toEqual({ stream: TRIALS_STREAM, durable: 'trainers', ackWaitMs: 2_000, maxDeliver: 3 });
  });
});
