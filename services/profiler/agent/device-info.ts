import { arch, cpus } from 'node:os';
import type { Device } from '../../common/generated/facenas/v1/Device.js';

interface DenoGlobal {
  version: { deno: string };
}

/** node | deno, and its version: the agent runs under both. */
export function detectRuntime(): { runtime: 'node' | 'deno'; runtimeVersion: string } {
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (deno) return { runtime: 'deno', runtimeVersion: deno.version.deno };
  return { runtime: 'node', runtimeVersion: process.versions.node };
}

/** The device an agent announces in its hello. */
export function describeDevice(name: string, engine: { backend: string; threads: number }): Device {
  const cpuList = cpus();
  return {
    name,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    ...detectRuntime(),
    backend: engine.backend,
    threads: engine.threads,
    arch: arch(),
    agentId: '',
  };
}
