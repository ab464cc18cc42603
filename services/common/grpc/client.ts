import * as grpc from '@grpc/grpc-js';
import { channelCredentials, type ClientTlsOptions } from './tls.js';

export interface ClientOptions {
  tls?: ClientTlsOptions;
  /** Headers added to every call (e.g. `authorization: Bearer ...`). */
  metadata?: Record<string, string>;
  maxReceiveMessageBytes?: number;
}

export const DEFAULT_DEADLINE_MS = 30_000;

/** Creates a client of a service constructor from `facenasGrpc()`, e.g. `createClient<SearchServiceClient>(pkg.SearchService, addr)`. */
export type ClientConstructor<C extends grpc.Client> = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C;

export function createClient<C extends grpc.Client>(ctor: ClientConstructor<C>, address: string, options: ClientOptions = {}): C {
  const interceptors: grpc.Interceptor[] = [];
  const extra = options.metadata;
  if (extra && Object.keys(extra).length > 0) {
    interceptors.push(
      (opts, nextCall) =>
        new grpc.InterceptingCall(nextCall(opts), {
          start: (metadata, listener, next) => {
            for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
            next(metadata, listener);
          },
        }),
    );
  }
  return new ctor(address, channelCredentials(options.tls), {
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? 64 * 1024 * 1024,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_permit_without_calls': 1,
    interceptors,
  });
}

type UnaryMethod<Req, Res> = (argument: Req, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;
type ServerStreamMethod<Req, Res> = (argument: Req, options?: grpc.CallOptions) => grpc.ClientReadableStream<Res>;

export interface CallOptions {
  deadlineMs?: number;
  metadata?: grpc.Metadata;
  waitForReady?: boolean;
}

/**
 * A unary call as a promise, always with a deadline (default 30 s), e.g.
 * `await unary(client, client.getSearch, { searchId })`.
 */
export function unary<Req, Res>(client: grpc.Client, method: UnaryMethod<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
  const deadline = new Date(Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS));
  return new Promise<Res>((resolve, reject) => {
    const callback: grpc.requestCallback<Res> = (err, response) => {
      if (err) reject(err);
      else resolve(response as Res);
    };
    const callOptions: grpc.CallOptions = { deadline, ...(options.waitForReady ? { waitForReady: true } : {}) };
    (method as unknown as (...args: unknown[]) => grpc.ClientUnaryCall).call(client, request, options.metadata ?? new grpc.Metadata(), callOptions, callback);
  });
}

/** A server-streaming call; streams also carry a deadline (pick one that covers the whole stream). */
export function serverStream<Req, Res>(
  client: grpc.Client,
  method: ServerStreamMethod<Req, Res>,
  request: Req,
  options: CallOptions & { deadlineMs: number },
): grpc.ClientReadableStream<Res> {
  const deadline = new Date(Date.now() + options.deadlineMs);
  return (method as unknown as (...args: unknown[]) => grpc.ClientReadableStream<Res>).call(client, request, options.metadata ?? new grpc.Metadata(), {
    deadline,
    ...(options.waitForReady ? { waitForReady: true } : {}),
  });
}

/** Waits until the channel is connected (or the deadline passes). */
export function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(new Date(Date.now() + timeoutMs), (err) => (err ? reject(err) : resolve()));
  });
}
