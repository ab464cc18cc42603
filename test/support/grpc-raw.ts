import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { PROTO_SOURCES } from '../../services/common/generated/proto-sources.js';

// gRPC calls with the message bodies as bytes, both ways: what a client of any
// language, or an attacker, can put on the wire, without the typed stubs' help.

export interface CallOutcome {
  code: grpc.status;
  details: string;
  /** Response bodies received before the status (raw bytes). */
  messages: Buffer[];
  /** True when the caller stopped reading a stream that was still going. */
  stoppedEarly: boolean;
}

const identity = (bytes: Buffer): Buffer => bytes;

export function rawClient(address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()): grpc.Client {
  return new grpc.Client(address, credentials, { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
}

/** A unary call with `body` as the request bytes; resolves with the status, never rejects. */
export function rawUnary(client: grpc.Client, path: string, body: Uint8Array, deadlineMs = 10_000): Promise<CallOutcome> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, identity, identity, Buffer.from(body), new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err, response) => {
      if (err) resolve({ code: err.code, details: err.details, messages: [], stoppedEarly: false });
      else resolve({ code: grpc.status.OK, details: '', messages: response ? [response] : [], stoppedEarly: false });
    });
  });
}

/**
 * A server-streaming call with `body` as the request bytes. Stops reading (cancels) after
 * `maxMessages` responses, since a valid request may stream without end.
 */
export function rawServerStream(client: grpc.Client, path: string, body: Uint8Array, options: { deadlineMs?: number; maxMessages?: number } = {}): Promise<CallOutcome> {
  const maxMessages = options.maxMessages ?? 3;
  return new Promise((resolve) => {
    const call = client.makeServerStreamRequest(path, identity, identity, Buffer.from(body), new grpc.Metadata(), { deadline: Date.now() + (options.deadlineMs ?? 10_000) });
    const messages: Buffer[] = [];
    let stopped = false;
    call.on('data', (message: Buffer) => {
      messages.push(message);
      if (messages.length >= maxMessages && !stopped) {
        stopped = true;
        call.cancel();
        resolve({ code: grpc.status.OK, details: '', messages, stoppedEarly: true });
      }
    });
    call.on('error', (err: grpc.ServiceError) => {
      if (!stopped) resolve({ code: err.code, details: err.details, messages, stoppedEarly: false });
    });
    call.on('status', (status: grpc.StatusObject) => {
      if (!stopped && status.code === grpc.status.OK) resolve({ code: status.code, details: status.details, messages, stoppedEarly: false });
    });
  });
}

let root: protobuf.Root | null = null;

function protoRoot(): protobuf.Root {
  if (root) return root;
  root = new protobuf.Root();
  // common.proto first: the others import it (same order as services/common/grpc/proto-package.ts).
  const names = Object.keys(PROTO_SOURCES).sort((a, b) => Number(b.endsWith('common.proto')) - Number(a.endsWith('common.proto')));
  for (const name of names) protobuf.parse(PROTO_SOURCES[name], root, { keepCase: false });
  return root;
}

/** Encodes `value` (camelCase fields, as the typed stubs take) as the named message, e.g. `facenas.v1.StreamBatchesRequest`. */
export function encodeMessage(typeName: string, value: Record<string, unknown>): Uint8Array {
  const type = protoRoot().lookupType(typeName);
  return type.encode(type.fromObject(value)).finish();
}

/** Decodes a response body with the same options the services' clients use (enums as names, defaults filled). */
export function decodeMessage(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = protoRoot().lookupType(typeName);
  return type.toObject(type.decode(bytes), { longs: Number, enums: String, defaults: true, oneofs: true, arrays: true });
}

/**
 * Hand-made wire bytes, for what typed encoders refuse to write: a field sent with the
 * wrong wire type, an out-of-range enum, a field repeated with conflicting types.
 */
export class Wire {
  private readonly writer = protobuf.Writer.create();

  varint(field: number, value: number | bigint): this {
    this.writer.uint32((field << 3) | 0);
    if (typeof value === 'bigint') this.writer.uint64(value.toString());
    else this.writer.int64(value);
    return this;
  }

  bytes(field: number, value: Uint8Array | string): this {
    this.writer.uint32((field << 3) | 2);
    if (typeof value === 'string') this.writer.string(value);
    else this.writer.bytes(value);
    return this;
  }

  double(field: number, value: number): this {
    this.writer.uint32((field << 3) | 1).double(value);
    return this;
  }

  finish(): Uint8Array {
    return this.writer.finish();
  }
}
