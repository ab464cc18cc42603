import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCertificates } from './certs.js';

// A certificate from the test CA for a service that both serves gRPC and calls other
// services with its own certificate (the controller towards the profiler, see
// services/common/config/outgoing-tls.ts): localhost/127.0.0.1 as its names, and both
// serverAuth and clientAuth as its extended key usage. The server certificate of
// makeTestCertificates has serverAuth only, which a mutual-TLS server refuses from a client.

export function makeServiceCertificate(certs: TestCertificates): { certFile: string; keyFile: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: certs.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(join(certs.dir, 'service.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'service.key', '-out', 'service.csr', '-subj', '/CN=localhost']);
  run(['x509', '-req', '-in', 'service.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'service.pem', '-days', '2', '-extfile', 'service.ext']);
  return { certFile: join(certs.dir, 'service.pem'), keyFile: join(certs.dir, 'service.key') };
}
