import type { ClientTlsOptions } from '../grpc/tls.js';
import type { CommonServiceValues } from '../service/serve-entry.js';

/**
 * TLS for the gRPC calls a service makes to the others: on when --tls-ca names the CA
 * of the servers it calls. A service that has its own certificate (--tls-cert/--tls-key)
 * presents it as its client certificate, so servers run with --tls-client-ca (mutual
 * TLS) accept it.
 */
export function outgoingTls(options: Pick<CommonServiceValues, 'tlsCa' | 'tlsCert' | 'tlsKey'>): ClientTlsOptions | undefined {
  if (!options.tlsCa) return undefined;
  return { caFile: options.tlsCa, certFile: options.tlsCert, keyFile: options.tlsKey };
}
