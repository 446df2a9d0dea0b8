import { makeTestCertificates } from './certificates';
import { Daemon, freePort, requireProgram, run, startDaemon, waitFor } from './processes';

export interface TestRedisOptions {
  /** The folder (which must exist) for the test certificates and Redis's files; the caller removes it. */
  readonly dir: string;
  /** The AUTH token clients must give (`requirepass`). */
  readonly token: string;
}

/**
 * A throwaway Redis (Debian's redis-server) like ElastiCache with in-transit encryption required
 * and an AUTH token: TLS only, on a free port on 127.0.0.1, with a certificate for 127.0.0.1 from
 * a test certificate authority; clients need no certificate of their own, only the token. Nothing
 * is persisted.
 */
export class TestRedis {
  static async start(options: TestRedisOptions): Promise<TestRedis> {
    const certs = await makeTestCertificates(options.dir);
    const port = await freePort();
    const daemon = startDaemon('redis-server', requireProgram('redis-server'), [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      certs.serverCert,
      '--tls-key-file',
      certs.serverKey,
      '--tls-ca-cert-file',
      certs.caCert,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      options.token,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      options.dir,
    ]);
    const redis = new TestRedis(port, certs.caCert, daemon);
    try {
      await waitFor(
        `redis on ${port}`,
        async () =>
          (
            await run('redis-cli', [
              '--tls',
              '--cacert',
              certs.caCert,
              '-h',
              '127.0.0.1',
              '-p',
              String(port),
              '--no-auth-warning',
              '-a',
              options.token,
              'PING',
            ])
          ).stdout.includes('PONG'),
        { daemon },
      );
    } catch (error) {
      await redis.stop();
      throw error;
    }
    return redis;
  }

  private constructor(
    /** The TLS port on 127.0.0.1. */
    readonly port: number,
    /** The test certificate authority's certificate, what clients trust (`--cacert`). */
    readonly ca: string,
    private readonly daemon: Daemon,
  ) {}

  async stop(): Promise<void> {
    await this.daemon.stop();
  }
}
