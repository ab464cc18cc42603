import type * as grpc from '@grpc/grpc-js';
import { toServiceError } from '../common/grpc/status-mapping.js';
import type { Logger } from '../common/logging/logger.js';

/**
 * A server-streaming handler from an async function, ending the stream on success
 * and sending the mapped status on failure. The status goes out with
 * `emit('error')`: grpc-js turns that into the call's status, whereas `destroy(err)`
 * (what common/grpc/handlers.ts's serverStreamHandler does today) never sends one,
 * so the client waits for its deadline. Replace with the kit's once it emits.
 */
export function streamHandler<Req, Res>(
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
        call.emit('error', status);
      },
    );
  };
}
