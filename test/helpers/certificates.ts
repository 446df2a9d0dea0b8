import * as fs from 'fs';
import * as path from 'path';
import { requireProgram, runOk } from './processes';

/** PEM files in the folder given to `makeTestCertificates`. */
export interface TestCertificates {
  /** The test certificate authority's certificate: what clients trust (`--cacert`, `sslrootcert`). */
  readonly caCert: string;
  /**
   * The server's certificate, for 127.0.0.1 (its common name and its IP subject alternative name)
   * and `localhost` (a DNS name: Node checks a server reached by IP address as `localhost`).
   */
  readonly serverCert: string;
  /** The server's private key, unencrypted, mode 0600. */
  readonly serverKey: string;
}

/**
 * Makes a throwaway certificate authority and a server certificate it signed for 127.0.0.1 and localhost, valid
 * one day, with openssl, in `dir` (which must exist): ca.crt, server.crt and server.key.
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const openssl = requireProgram('openssl');
  const file = (name: string) => path.join(dir, name);
  const certs: TestCertificates = {
    caCert: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
  };
  await runOk(openssl, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    certs.caCert,
  ]);
  await runOk(openssl, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    certs.serverKey,
    '-out',
    file('server.csr'),
  ]);
  fs.writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await runOk(openssl, [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    certs.caCert,
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    file('server.ext'),
    '-out',
    certs.serverCert,
  ]);
  fs.chmodSync(certs.serverKey, 0o600); // PostgreSQL refuses a key others can read
  return certs;
}
