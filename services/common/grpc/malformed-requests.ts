import * as grpc from '@grpc/grpc-js';

// grpc-js answers a request body that does not parse as its message type with INTERNAL
// ("Error deserializing request"), which reads as a server bug on dashboards and tells
// the client nothing. The definitions wrapped here decode such a body to a marker
// instead, and the interceptor answers the marker with INVALID_ARGUMENT naming the
// message type, before any handler sees it.

class MalformedRequest {
  constructor(readonly details: string) {}
}

function requestTypeName(method: grpc.MethodDefinition<unknown, unknown>, fallback: string): string {
  // proto-loader definitions carry the message descriptor; plain ones only their path.
  const type = (method as { requestType?: { type?: { name?: unknown } } }).requestType?.type;
  return typeof type?.name === 'string' ? type.name : fallback;
}

/** The same service with request decoding that cannot throw (see malformedRequestInterceptor). */
export function tolerantDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const wrapped: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    const typeName = requestTypeName(method, `request of ${method.path}`);
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch (err) {
          return new MalformedRequest(`request: not a valid ${typeName} message (${(err as Error).message})`);
        }
      },
    };
  }
  return wrapped;
}

/** Ends a call whose request did not decode with INVALID_ARGUMENT; the handler never sees that message. */
export function malformedRequestInterceptor(): grpc.ServerInterceptor {
  return (_method, call) => {
    let refused = false;
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message: unknown, nextMessage) => {
            if (refused) return;
            if (message instanceof MalformedRequest) {
              refused = true;
              call.sendStatus({ code: grpc.status.INVALID_ARGUMENT, details: message.details, metadata: new grpc.Metadata() });
              return;
            }
            nextMessage(message);
          },
          onReceiveHalfClose: (nextHalfClose) => {
            // A unary handler seeing half-close without a message would answer INTERNAL on top.
            if (!refused) nextHalfClose();
          },
        }),
    });
  };
}
