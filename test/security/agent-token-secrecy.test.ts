import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unary } from '../../services/common/grpc/client.js';
import { expectRefusal, settle } from '../support/bad-input.js';
import { captureLogs, type CapturedLogs } from '../support/log-capture.js';
import { FLEET_TOKEN, smallestArchitecture, startProfilerUnderTest, type ProfilerUnderTest } from '../support/profiler-under-test.js';
import { ScriptedAgent } from '../support/scripted-agent.js';

// Agent tokens as `facenas serve profiler --agent-tokens FILE` takes them. What
// test/profiler already shows (refusal codes, no work for a refused agent, the refused
// agent's own logs) is not repeated; this adds the header forms that must not pass, and
// that no token — valid, wrong or scoped to other devices — reaches the profiler's or the
// agent's logs (captured at trace level, without redaction) or a status message.

const PIXEL_ONLY = 'pixel-only-token-0000000002';
const WRONG = 'not-a-token-of-this-fleet-03';
let profiler: ProfilerUnderTest;
let profilerLogs: CapturedLogs;
let agentLogs: CapturedLogs;
const details: string[] = [];

beforeAll(async () => {
  profilerLogs = captureLogs('profiler');
  agentLogs = captureLogs('agent');
  profiler = await startProfilerUnderTest({ logger: profilerLogs.logger, agentLogger: agentLogs.logger, tokens: `# fleet\n${FLEET_TOKEN} *\n${PIXEL_ONLY} pixel-*\n` });
});

afterAll(async () => {
  await profiler?.stop();
});

async function refused(options: { token?: string; authorization?: string }, device: string) {
  const agent = new ScriptedAgent(profiler.address, options);
  agent.hello(device);
  const status = await agent.closed;
  details.push(status.details);
  expect(agent.welcome).toBeNull();
  return status;
}

describe('agent authorization headers', () => {
  it.each([
    ['no authorization header', {}],
    ['a wrong token', { token: WRONG }],
    ['Basic instead of Bearer', { authorization: `Basic ${FLEET_TOKEN}` }],
    ['Bearer with no token', { authorization: 'Bearer ' }],
    ['the token with no scheme', { authorization: FLEET_TOKEN }],
    ['two tokens in one header', { authorization: `Bearer ${WRONG} ${FLEET_TOKEN}` }],
    ['the token with a suffix', { authorization: `Bearer ${FLEET_TOKEN}x` }],
  ])('%s is UNAUTHENTICATED', async (_label, options) => {
    expectRefusal(await refused(options, 'edge-intruder'), grpc.status.UNAUTHENTICATED);
  });

  it('a token scoped to other devices is PERMISSION_DENIED for this one', async () => {
    expectRefusal(await refused({ token: PIXEL_ONLY }, 'rpi-4'), grpc.status.PERMISSION_DENIED, /"rpi-4"/);
  });

  it('no refused agent was registered: its device has no agent to measure on', async () => {
    const outcome = await settle(unary(profiler.client, profiler.client.measureLatency, { architecture: smallestArchitecture(), device: 'edge-intruder' }));
    expect(outcome.code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});

describe('token secrecy', () => {
  it('no token appears in the profiler logs, the agent logs or any status message', async () => {
    // The well-behaved agent measured at least once, so its logs are not empty.
    await profiler.target.validCall();
    const texts = { profiler: profilerLogs.text(), agent: agentLogs.text(), statuses: details.join('\n') };
    expect(texts.profiler).toContain('agent refused: missing or invalid token');
    expect(texts.agent).toContain('connected to profiler');
    for (const [where, text] of Object.entries(texts)) {
      for (const token of [FLEET_TOKEN, PIXEL_ONLY, WRONG]) expect(text.includes(token), `${where} mentions a token`).toBe(false);
    }
  });
});
