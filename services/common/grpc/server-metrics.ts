import * as grpc from '@grpc/grpc-js';
import { Counter, Histogram, type Registry } from 'prom-client';
import { registerOnce } from '../metrics/registry.js';

const CODE_NAMES = Object.fromEntries(Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;

/**
 * A server interceptor recording `grpc_server_handled_total` and `grpc_server_handling_seconds`
 * (the names grpc-ecosystem's go-grpc-prometheus uses, so stock dashboards work).
 */
export function serverMetricsInterceptor(registry: Registry): grpc.ServerInterceptor {
  const handled = registerOnce(
    registry,
    'grpc_server_handled_total',
    () =>
      new Counter({
        name: 'grpc_server_handled_total',
        help: 'RPCs completed on the server, by status code.',
        labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
        registers: [registry],
      }),
  );
  const seconds = registerOnce(
    registry,
    'grpc_server_handling_seconds',
    () =>
      new Histogram({
        name: 'grpc_server_handling_seconds',
        help: 'Time from the start of an RPC to its status, on the server.',
        labelNames: ['grpc_service', 'grpc_method', 'grpc_type'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300],
        registers: [registry],
      }),
  );
  return (method, call) => {
    const [service = 'unknown', name = 'unknown'] = method.path.replace(/^\//, '').split('/');
    const type = method.requestStream ? (method.responseStream ? 'bidi_stream' : 'client_stream') : method.responseStream ? 'server_stream' : 'unary';
    const start = process.hrtime.bigint();
    return new grpc.ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        handled.inc({ grpc_service: service, grpc_method: name, grpc_type: type, grpc_code: CODE_NAMES[status.code] ?? String(status.code) });
        seconds.observe({ grpc_service: service, grpc_method: name, grpc_type: type }, Number(process.hrtime.bigint() - start) / 1e9);
        next(status);
      },
    });
  };
}
