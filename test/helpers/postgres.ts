import * as fs from 'fs';
import * as path from 'path';
import { makeTestCertificates, TestCertificates } from './certificates';
import { freePort, requirePostgresBin, requireProgram, runOk, tempDir } from './processes';

export interface TestPostgresOptions {
  /**
   * The database created, owned by the superuser `shop`.
   * @default 'shop'
   */
  readonly database?: string;
  /**
   * Like RDS with rds.force_ssl=1: TCP clients must use TLS (a certificate for 127.0.0.1 from a
   * test CA) and a password (scram-sha-256); plain TCP is rejected. `psql()` still works (it
   * uses the Unix socket); `command()` does not, as `shop` has no password.
   * @default false: trust authentication on TCP, no TLS
   */
  readonly tls?: boolean;
}

/**
 * A throwaway PostgreSQL cluster (Debian's binaries) in a temporary folder, listening on a free
 * port on 127.0.0.1 only and on a Unix socket in that folder, with a superuser `shop` like the
 * postgres image makes from POSTGRES_USER. As root it runs as the `postgres` user.
 */
export class TestPostgres {
  static async start(options: TestPostgresOptions = {}): Promise<TestPostgres> {
    const bin = requirePostgresBin();
    const pg = new TestPostgres(bin, await freePort());
    try {
      const owner = await pg.owner();
      if (owner) fs.chownSync(pg.dir, owner.uid, owner.gid);
      await pg.asOwner('initdb', [
        '-D',
        pg.dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      let settings = `-p ${pg.port} -k ${pg.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
      if (options.tls) {
        const certs = await pg.writeCertificates(owner);
        fs.writeFileSync(
          path.join(pg.dataDir, 'pg_hba.conf'),
          'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n',
        );
        settings += ` -c ssl=on -c ssl_cert_file=${certs.serverCert} -c ssl_key_file=${certs.serverKey}`;
      }
      await pg.asOwner('pg_ctl', [
        '-D',
        pg.dataDir,
        '-l',
        path.join(pg.dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        settings,
        'start',
      ]);
      pg.started = true;
      const database = options.database ?? 'shop';
      await pg.psql('CREATE ROLE shop LOGIN SUPERUSER', 'postgres', 'postgres');
      await pg.psql(`CREATE DATABASE ${database} OWNER shop`, 'postgres');
    } catch (error) {
      await pg.stop();
      throw error;
    }
    return pg;
  }

  readonly dir = tempDir('pg');
  readonly dataDir = path.join(this.dir, 'data');
  private started = false;

  private constructor(
    readonly bin: string,
    readonly port: number,
  ) {}

  /** `<bin>/<program> -h 127.0.0.1 -p <port> -U shop`, as the scripts' PG_DUMP, PG_RESTORE and PSQL. */
  command(program: 'pg_dump' | 'pg_restore' | 'psql'): string {
    return `${path.join(this.bin, program)} -h 127.0.0.1 -p ${this.port} -U shop`;
  }

  /** Runs SQL over the Unix socket; returns unaligned tuples-only output. */
  async psql(sql: string, database = 'shop', user = 'shop'): Promise<string> {
    return runOk(path.join(this.bin, 'psql'), [
      '-h',
      this.dir,
      '-p',
      String(this.port),
      '-U',
      user,
      '-d',
      database,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-tA',
      '-c',
      sql,
    ]);
  }

  async stop(): Promise<void> {
    if (this.started) {
      await this.asOwner('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      this.started = false;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A certificate for 127.0.0.1 from a test CA, in tls/; its key readable by the server only. */
  private async writeCertificates(
    owner: { uid: number; gid: number } | undefined,
  ): Promise<TestCertificates> {
    const dir = path.join(this.dir, 'tls');
    fs.mkdirSync(dir);
    const certs = await makeTestCertificates(dir);
    if (owner) fs.chownSync(certs.serverKey, owner.uid, owner.gid);
    return certs;
  }

  /** As root: the `postgres` user the server runs as. */
  private async owner(): Promise<{ uid: number; gid: number } | undefined> {
    if (process.getuid?.() !== 0) return undefined;
    requireProgram('runuser');
    return {
      uid: Number((await runOk('id', ['-u', 'postgres'])).trim()),
      gid: Number((await runOk('id', ['-g', 'postgres'])).trim()),
    };
  }

  private async asOwner(program: string, args: string[]): Promise<string> {
    const command = path.join(this.bin, program);
    return process.getuid?.() === 0
      ? runOk('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: this.dir })
      : runOk(command, args, { cwd: this.dir });
  }
}
