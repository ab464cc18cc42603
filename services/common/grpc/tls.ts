import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError } from '../errors/errors.js';

export interface ServerTlsOptions {
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate signed by this CA (mutual TLS). */
  clientCaFile?: string;
}

export interface ClientTlsOptions {
  /** CA that signed the server's certificate (default: the system roots). */
  caFile?: string;
  /** Client certificate and key for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** Expected name in the server certificate when it differs from the dialled host. */
  serverName?: string;
}

function read(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InvalidArgumentError(field, `cannot read ${path}: ${(err as Error).message}`);
  }
}

export function serverCredentials(tls?: ServerTlsOptions): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const ca = tls.clientCaFile ? read(tls.clientCaFile, 'tls.clientCaFile') : null;
  return grpc.ServerCredentials.createSsl(
    ca,
    [{ cert_chain: read(tls.certFile, 'tls.certFile'), private_key: read(tls.keyFile, 'tls.keyFile') }],
    ca !== null,
  );
}

export function channelCredentials(tls?: ClientTlsOptions): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new InvalidArgumentError('tls', 'a client certificate needs both certFile and keyFile');
  }
  return grpc.credentials.createSsl(
    tls.caFile ? read(tls.caFile, 'tls.caFile') : null,
    tls.keyFile ? read(tls.keyFile, 'tls.keyFile') : null,
    tls.certFile ? read(tls.certFile, 'tls.certFile') : null,
  );
}
