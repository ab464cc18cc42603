/**
 * Kernel times of one training step, each attributed to the tf.layers layer
 * whose forward pass created it or whose gradient it belongs to.
 *
 * tf.profile alone lists kernels by name, which cannot tell an SE multiply
 * from a residual add, and counts a kernel built from other kernels twice
 * (the outer time includes the inner ones). So on top of tf.profile we
 *  - tag kernels with the running layer (its `call` wrapped) in the forward
 *    pass, and with the layer of the tape node whose gradient runs in the
 *    backward pass (the engine's addTapeNode wrapped);
 *  - record the engine's kernel depth per kernel, so a caller can sum only
 *    top-level kernels (inclusive time) or compute self times.
 * Leans on tfjs-core internals (pinned 4.22): bench-only.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelRecord {
  name: string;
  /** 1 = called by an op outside any kernel; deeper = called inside another kernel's body. */
  depth: number;
  /** The layer name, or '' outside layers (head, loss, optimizer). */
  layer: string;
  phase: 'forward' | 'backward';
  ms: number;
  /** Time not spent in kernels called from this one. */
  selfMs: number;
  inputShapes: (number[] | null)[];
  outputShapes: number[][];
}

type GradientClosures = Record<string, () => tf.Tensor>;

interface TapeNode {
  gradient?: (dys: tf.Tensor[]) => GradientClosures;
}

interface EngineInternals {
  state: { kernelDepth: number; activeTape: TapeNode[] | null };
  profiler: { profileKernel: (...args: unknown[]) => unknown };
  addTapeNode: (...args: unknown[]) => void;
}

interface LayerInternals {
  call: (...args: unknown[]) => unknown;
}

let current: { layer: string; phase: 'forward' | 'backward' } = { layer: '', phase: 'forward' };

function within<T>(tag: typeof current, f: () => T): T {
  const previous = current;
  current = tag;
  try {
    return f();
  } finally {
    current = previous;
  }
}

/** Tags every kernel run inside the model's layers (forward) and their gradients (backward). */
export function instrumentModel(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    const internals = layer as unknown as LayerInternals;
    const call = internals.call.bind(layer);
    internals.call = (...args: unknown[]) => within({ layer: layer.name, phase: 'forward' }, () => call(...args));
  }
  const engine = tf.engine() as unknown as EngineInternals;
  const addTapeNode = engine.addTapeNode.bind(engine);
  engine.addTapeNode = (...args: unknown[]) => {
    const tag = { layer: current.layer, phase: 'backward' as const };
    addTapeNode(...args);
    const tape = engine.state.activeTape;
    const node = tape?.[tape.length - 1];
    const gradient = node?.gradient;
    if (node === undefined || gradient === undefined) return;
    // The gradient returns closures that the engine calls later, one per input.
    node.gradient = (dys) =>
      within(tag, () => {
        const closures = gradient(dys);
        return Object.fromEntries(Object.entries(closures).map(([k, f]) => [k, () => within(tag, f)]));
      });
  };
}

/** Runs `f` under tf.profile and returns its kernels with layer, phase and depth. */
export async function profileKernels(f: () => unknown): Promise<KernelRecord[]> {
  const engine = tf.engine() as unknown as EngineInternals;
  const tags: { depth: number; layer: string; phase: 'forward' | 'backward' }[] = [];
  const profileKernel = engine.profiler.profileKernel;
  // The engine pushes a kernel's profile right after profileKernel returns, inner kernels first: same order as `tags`.
  engine.profiler.profileKernel = (...args: unknown[]) => {
    const tag = { depth: engine.state.kernelDepth, layer: current.layer, phase: current.phase };
    const out = profileKernel.apply(engine.profiler, args);
    tags.push(tag);
    return out;
  };
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(() => {
      f();
      return [] as tf.Tensor[];
    });
  } finally {
    engine.profiler.profileKernel = profileKernel;
  }
  if (info.kernels.length !== tags.length) throw new Error(`profile has ${info.kernels.length} kernels but ${tags.length} tags`);
  const records: KernelRecord[] = info.kernels.map((k, i) => {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    return { name: k.name, ...tags[i], ms, selfMs: ms, inputShapes: k.inputShapes, outputShapes: k.outputShapes };
  });
  // Post-order: a kernel's children are the deeper records just before it.
  const open: KernelRecord[] = [];
  for (const r of records) {
    while (open.length > 0 && open[open.length - 1].depth > r.depth) {
      const child = open.pop() as KernelRecord;
      if (child.depth === r.depth + 1) r.selfMs -= child.ms;
    }
    open.push(r);
  }
  return records;
}
