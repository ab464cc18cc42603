import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The running wasm backend and its heap, for kernels that work on the heap directly and for memory reporting. */
export interface WasmHeap {
  backend: BackendWasm;
  memory: WebAssembly.Memory;
}

let heap: WasmHeap | undefined;

export function bindWasmHeap(backend: BackendWasm, memory: WebAssembly.Memory): void {
  heap = { backend, memory };
}

export function wasmHeap(): WasmHeap | undefined {
  return heap;
}

/** Bytes the wasm heap has grown to. Wasm memory never shrinks, so this is its high-water mark. */
export function wasmHeapBytes(): number {
  return heap?.memory.buffer.byteLength ?? 0;
}
