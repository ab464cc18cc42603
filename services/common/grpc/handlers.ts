import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logging/logger.js';
import { toServiceError } from './status-mapping.js';

// Handlers are written as async functions that return or throw; these adapters turn
// them into grpc-js's callback style and map thrown errors to status codes once.

export function unaryHandler<Req, Res>(
  fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
  logger?: Logger,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request, call).then(
      (response) => callback(null, response),
      (err: unknown) => {
        const status = toServiceError(err);
        if (status.code === 13) logger?.error({ err, method: call.getPath() }, 'handler failed');
        callback(status);
      },
    );
  };
}

/** The handler writes to `call` and resolves when done; the stream is ended here. */
export function serverStreamHandler<Req, Res>(
  fn: (request: Req, call: grpc.ServerWritableStream<Req, Res>) => Promise<void>,
  logger?: Logger,
): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    fn(call.request, call).then(
      () => {
        if (!call.cancelled && !call.writableEnded) call.end();
      },
      (err: unknown) => {
        if (call.cancelled) return;
        const status = toServiceError(err);
        if (status.code === 13) logger?.error({ err, method: call.getPath() }, 'stream handler failed');
        // grpc-js sends an 'error' event as the call's status; destroy(err) sends none and
        // leaves the client waiting for its deadline.
        call.emit('error', status);
      },
    );
  };
}

/** Writes one message, waiting for the transport to drain first when its buffer is full (back-pressure). */
export async function writeWithBackpressure<Res>(call: grpc.ServerWritableStream<unknown, Res> | grpc.ServerDuplexStream<unknown, Res>, message: Res): Promise<void> {
  if (call.cancelled || call.destroyed) throw Object.assign(new Error('client went away'), { code: 1, details: 'cancelled' });
  if (call.write(message)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      call.off('drain', onDrain);
      call.off('cancelled', onGone);
      call.off('close', onGone);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onGone = () => {
      cleanup();
      reject(Object.assign(new Error('client went away'), { code: 1, details: 'cancelled' }));
    };
    call.on('drain', onDrain);
    call.on('cancelled', onGone);
    call.on('close', onGone);
  });
}
