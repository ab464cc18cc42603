// Lets a latency measurement have the CPU to itself while trainers share the machine
// (embedded mode: the local agent times models on the same cores the trainer threads
// train on, and a timing taken while two training threads run comes out up to 2x slow).
// Trainer threads pass the gate before each step and mark themselves inside it; the
// measuring side closes the gate, waits for the steps in flight to finish, measures,
// and opens it again. The state lives in a SharedArrayBuffer so worker threads share it.

const CLOSED = 0;
const IN_STEP = 1;

export class CpuGate {
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.buffer = buffer;
    this.state = new Int32Array(buffer);
  }

  /** Worker thread, before a step: blocks while a measurement holds the gate, then counts the step in. */
  enterStep(): void {
    for (;;) {
      while (Atomics.load(this.state, CLOSED) > 0) Atomics.wait(this.state, CLOSED, Atomics.load(this.state, CLOSED), 1_000);
      Atomics.add(this.state, IN_STEP, 1);
      // Closed between the check and the count: step back out and wait again.
      if (Atomics.load(this.state, CLOSED) === 0) return;
      Atomics.sub(this.state, IN_STEP, 1);
    }
  }

  leaveStep(): void {
    Atomics.sub(this.state, IN_STEP, 1);
  }

  /** Runs `work` with no step in flight or starting (measurements may nest or overlap). */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    Atomics.add(this.state, CLOSED, 1);
    try {
      while (Atomics.load(this.state, IN_STEP) > 0) await new Promise((r) => setTimeout(r, 5));
      return await work();
    } finally {
      Atomics.sub(this.state, CLOSED, 1);
      Atomics.notify(this.state, CLOSED);
    }
  }

  get stepsInFlight(): number {
    return Atomics.load(this.state, IN_STEP);
  }
}
