import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCertificates } from './certs.js';

// A client certificate that looks right (clientAuth, a plausible name) but is signed by
// the second CA of makeTestCertificates, which no server trusts: what a client holding
// some other organisation's certificate presents.

export function makeForeignClientCertificate(certs: TestCertificates): { certFile: string; keyFile: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: certs.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(join(certs.dir, 'foreign.ext'), 'extendedKeyUsage=clientAuth\n');
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'foreign.key', '-out', 'foreign.csr', '-subj', '/CN=facenas-test-client']);
  run(['x509', '-req', '-in', 'foreign.csr', '-CA', 'other-ca.pem', '-CAkey', 'other-ca.key', '-CAcreateserial', '-out', 'foreign.pem', '-days', '2', '-extfile', 'foreign.ext']);
  return { certFile: join(certs.dir, 'foreign.pem'), keyFile: join(certs.dir, 'foreign.key') };
}
