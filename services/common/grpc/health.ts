import * as grpc from '@grpc/grpc-js';
import { healthPackageDefinition } from './proto-package.js';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

interface HealthCheckRequest {
  service: string;
}
interface HealthCheckResponse {
  status: ServingStatus | 'SERVICE_UNKNOWN' | 'UNKNOWN';
}

/**
 * grpc.health.v1 with one status per service name; "" is the whole server.
 * Everything starts NOT_SERVING: a service flips to SERVING once its dependencies are up.
 */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>>();

  constructor(serviceNames: readonly string[]) {
    this.statuses.set('', 'NOT_SERVING');
    for (const name of serviceNames) this.statuses.set(name, 'NOT_SERVING');
  }

  status(service = ''): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Sets one service's status, or with no name every service and the server as a whole. */
  set(status: ServingStatus, service?: string): void {
    const names = service === undefined ? [...this.statuses.keys()] : [service];
    for (const name of names) {
      this.statuses.set(name, status);
      for (const call of this.watchers.get(name) ?? []) call.write({ status });
    }
  }

  definition(): grpc.ServiceDefinition {
    const pkg = grpc.loadPackageDefinition(healthPackageDefinition()) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    };
    return pkg.grpc.health.v1.Health.service;
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      Check: (
        call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
        callback: grpc.sendUnaryData<HealthCheckResponse>,
      ) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) {
          callback({ code: grpc.status.NOT_FOUND, details: `service ${JSON.stringify(call.request.service)} unknown` });
          return;
        }
        callback(null, { status });
      },
      Watch: (call: grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
        const name = call.request.service;
        call.write({ status: this.statuses.get(name) ?? 'SERVICE_UNKNOWN' });
        let set = this.watchers.get(name);
        if (!set) this.watchers.set(name, (set = new Set()));
        set.add(call);
        call.on('cancelled', () => set.delete(call));
        call.on('close', () => set.delete(call));
      },
    };
  }

  /** Ends open Watch streams (at shutdown, or tryShutdown waits for them forever). */
  endWatches(): void {
    for (const set of this.watchers.values()) {
      for (const call of set) call.end();
      set.clear();
    }
  }
}
