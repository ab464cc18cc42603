import * as grpc from '@grpc/grpc-js';
import { createClient, unary, type ClientOptions } from './client.js';
import { healthPackageDefinition } from './proto-package.js';

interface HealthClient extends grpc.Client {
  check(request: { service: string }, callback: grpc.requestCallback<{ status: string }>): grpc.ClientUnaryCall;
}

/** Asks a server's grpc.health.v1 for a service's status ("" = the whole server). */
export async function checkHealth(address: string, service = '', options: ClientOptions & { deadlineMs?: number } = {}): Promise<string> {
  const pkg = grpc.loadPackageDefinition(healthPackageDefinition()) as unknown as {
    grpc: { health: { v1: { Health: new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => HealthClient } } };
  };
  const client = createClient(pkg.grpc.health.v1.Health, address, options);
  try {
    const response = await unary(client, client.check, { service }, { deadlineMs: options.deadlineMs ?? 5_000 });
    return response.status;
  } finally {
    client.close();
  }
}
