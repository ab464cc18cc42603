#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so a fresh `npm ci` needs no build step.
// Worker threads spawned by the services re-register tsx themselves (see services/common/runtime/worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('../services/cli/main.ts');
