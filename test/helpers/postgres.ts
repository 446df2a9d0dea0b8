import * as fs from 'fs';
import * as path from 'path';
import { freePort, requirePostgresBin, requireProgram, runOk, tempDir } from './processes';

/**
 * A throwaway PostgreSQL cluster (Debian's binaries) in a temporary folder, listening on a free
 * port on 127.0.0.1 only, trust authentication, with a superuser `shop` like the postgres image
 * makes from POSTGRES_USER. As root it runs as the `postgres` user.
 */
export class TestPostgres {
  static async start(database = 'shop'): Promise<TestPostgres> {
    const bin = requirePostgresBin();
    const pg = new TestPostgres(bin, await freePort());
    try {
      if (process.getuid?.() === 0) {
        requireProgram('runuser');
        const uid = Number((await runOk('id', ['-u', 'postgres'])).trim());
        const gid = Number((await runOk('id', ['-g', 'postgres'])).trim());
        fs.chownSync(pg.dir, uid, gid);
      }
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
      const settings = `-p ${pg.port} -k ${pg.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
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

  /** Runs SQL; returns unaligned tuples-only output. */
  async psql(sql: string, database = 'shop', user = 'shop'): Promise<string> {
    return runOk(path.join(this.bin, 'psql'), [
      '-h',
      '127.0.0.1',
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

  private async asOwner(program: string, args: string[]): Promise<string> {
    const command = path.join(this.bin, program);
    return process.getuid?.() === 0
      ? runOk('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: this.dir })
      : runOk(command, args, { cwd: this.dir });
  }
}
