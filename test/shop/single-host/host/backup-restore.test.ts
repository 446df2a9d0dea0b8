import * as fs from 'fs';
import * as path from 'path';
import { SEED_ROWS, SEED_SQL, snapshot } from './helpers/shop-data';
import { Moto, scriptEnv } from '../../../helpers/moto';
import { TestPostgres } from '../../../helpers/postgres';
import { REPO_ROOT, run, RunResult, tempDir } from '../../../helpers/processes';

const BACKUP = path.join(REPO_ROOT, 'assets', 'host', 'shop-backup.sh');
const RESTORE = path.join(REPO_ROOT, 'assets', 'host', 'shop-restore.sh');
const BUCKET = 'shop-backups';
const KEY_PATTERN = /^backups\/(\d{4})\/(\d{2})\/(\d{2})\/shop-(\d{4})(\d{2})(\d{2})T\d{6}Z\.dump$/;

let pg: TestPostgres;
let moto: Moto;
let work: string;
let seeded: Record<string, string>;

beforeAll(async () => {
  work = tempDir('backup');
  const [p, m] = await Promise.allSettled([TestPostgres.start({ database: 'shop' }), Moto.start()]);
  if (p.status === 'fulfilled') pg = p.value;
  if (m.status === 'fulfilled') moto = m.value;
  if (p.status === 'rejected') throw p.reason;
  if (m.status === 'rejected') throw m.reason;
  await moto.aws('s3api', 'create-bucket', '--bucket', BUCKET);
  await pg.psql(SEED_SQL);
  seeded = await snapshot(pg);
});

afterAll(async () => {
  await Promise.allSettled([pg?.stop(), moto?.stop()]);
  fs.rmSync(work, { recursive: true, force: true });
});

/** The app's stop and start commands record what happened, in order. */
function appControl(): { env: Record<string, string>; log: () => string[] } {
  const dir = fs.mkdtempSync(path.join(work, 'app-'));
  const script = path.join(dir, 'app-ctl');
  fs.writeFileSync(script, `#!/bin/sh\necho "$1" >> ${dir}/log\n`, { mode: 0o755 });
  return {
    env: { STOP_APP: `${script} stop`, START_APP: `${script} start` },
    log: () => (fs.existsSync(`${dir}/log`) ? fs.readFileSync(`${dir}/log`, 'utf-8').trim().split('\n') : []),
  };
}

async function backup(extra: Record<string, string> = {}): Promise<RunResult> {
  return run('bash', [BACKUP], {
    env: scriptEnv(moto.endpoint, {
      BACKUP_BUCKET: BUCKET,
      DATABASE_NAME: 'shop',
      PG_DUMP: pg.command('pg_dump'),
      SHOP_NAME: 'test-shop',
      BACKUP_WORK_DIR: work,
      ...extra,
    }),
  });
}

async function restore(target: string | undefined, extra: Record<string, string>): Promise<RunResult> {
  return run('bash', [RESTORE, ...(target ? [target] : [])], {
    env: scriptEnv(moto.endpoint, {
      BACKUP_BUCKET: BUCKET,
      DATABASE_NAME: 'shop',
      PG_RESTORE: pg.command('pg_restore'),
      PSQL: pg.command('psql'),
      RESTORE_WORK_DIR: work,
      ...extra,
    }),
  });
}

async function keys(): Promise<Array<{ Key: string; Size: number }>> {
  return (await moto.aws('s3api', 'list-objects-v2', '--bucket', BUCKET)).Contents ?? [];
}

async function metricNames(shop: string): Promise<string[]> {
  const metrics = await moto.aws(
    'cloudwatch',
    'list-metrics',
    '--namespace',
    'CdkShop',
    '--dimensions',
    `Name=Shop,Value=${shop}`,
  );
  return (metrics.Metrics as Array<{ MetricName: string }>).map((m) => m.MetricName).sort();
}

async function statistic(metric: string, stat: 'Sum' | 'Maximum'): Promise<number | undefined> {
  const now = Date.now();
  const result = await moto.aws(
    'cloudwatch',
    'get-metric-statistics',
    '--namespace',
    'CdkShop',
    '--metric-name',
    metric,
    '--dimensions',
    'Name=Shop,Value=test-shop',
    '--statistics',
    stat,
    '--period',
    '3600',
    '--start-time',
    new Date(now - 3_600_000).toISOString(),
    '--end-time',
    new Date(now + 3_600_000).toISOString(),
  );
  return result.Datapoints.length
    ? result.Datapoints.reduce((s: number, d: any) => s + d[stat], 0)
    : undefined;
}

function workFiles(): string[] {
  return fs.readdirSync(work).filter((f) => f.startsWith('shop-'));
}

describe('shop-backup.sh and shop-restore.sh against PostgreSQL, the AWS CLI and moto', () => {
  let dumpKey = '';
  let dumpSize = 0;

  test('the seed is what the test expects', () => {
    expect(seeded.customer).toMatch(new RegExp(`^${SEED_ROWS.customer}:[0-9a-f]{32}$`));
    expect(seeded.order).toMatch(new RegExp(`^${SEED_ROWS.order}:[0-9a-f]{32}$`));
    expect(seeded.order_id_seq).toBe(String(SEED_ROWS.order));
  });

  test('backup uploads a custom-format dump under <prefix>/<UTC date>/, then publishes the metrics', async () => {
    const started = Date.now();
    const result = await backup();
    const seconds = (Date.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const objects = await keys();
    expect(objects).toHaveLength(1);
    dumpKey = objects[0].Key;
    dumpSize = objects[0].Size;
    const match = KEY_PATTERN.exec(dumpKey);
    expect(match).not.toBeNull();
    expect(match!.slice(1, 4)).toEqual(match!.slice(4, 7)); // the folder is the dump's UTC day
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    expect(`${match![1]}/${match![2]}/${match![3]}`).toBe(today);
    expect(result.stdout).toContain(`s3://${BUCKET}/${dumpKey} (${dumpSize} bytes)`);

    const local = path.join(work, 'downloaded.dump');
    await moto.aws('s3api', 'get-object', '--bucket', BUCKET, '--key', dumpKey, local);
    expect(fs.readFileSync(local).subarray(0, 5).toString()).toBe('PGDMP');
    fs.rmSync(local);

    // only the metric the backup alarm watches: the bill holds exactly what the estimate prices
    expect(await metricNames('test-shop')).toEqual(['BackupSucceeded']);
    expect(await statistic('BackupSucceeded', 'Sum')).toBe(1);
    expect(workFiles()).toEqual([]); // the temporary dump is gone
    console.log(`backup: ${dumpSize} bytes for ${SEED_ROWS.order} orders in ${seconds.toFixed(1)} s`);
  });

  test('restore latest brings every row back after the database is dropped', async () => {
    // Decoys: an older unreadable dump, a newer dump of another database, a non-dump file.
    const decoy = path.join(work, 'decoy');
    fs.writeFileSync(decoy, 'not a dump');
    for (const key of [
      'backups/2020/01/01/shop-20200101T000000Z.dump',
      'backups/2999/01/01/other-29990101T000000Z.dump',
      'backups/2999/01/01/shop-notes.txt',
    ]) {
      await moto.aws('s3api', 'put-object', '--bucket', BUCKET, '--key', key, '--body', decoy);
    }
    fs.rmSync(decoy);

    await pg.psql('DROP DATABASE shop WITH (FORCE)', 'postgres');
    expect(await pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'shop'", 'postgres')).toBe('0\n');

    const app = appControl();
    const started = Date.now();
    const result = await restore('latest', app.env);
    const seconds = (Date.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `restoring s3://${BUCKET}/${dumpKey} (${dumpSize} bytes) into database shop`,
    );
    expect(result.stdout).toContain('database shop is missing; creating it');
    expect(app.log()).toEqual(['stop', 'start']);
    expect(await snapshot(pg)).toEqual(seeded);
    expect(workFiles()).toEqual([]);
    console.log(`restore: ${dumpSize} bytes in ${seconds.toFixed(1)} s`);
  });

  test('restore of an explicit key (or s3:// URL) replaces changed data with the backup', async () => {
    await pg.psql(
      `DELETE FROM "order" WHERE id % 3 = 0; UPDATE product SET image = '\\x00', metadata = '{}'; DROP VIEW customer_totals`,
    );
    expect(await snapshot(pg).catch(() => 'broken')).not.toEqual(seeded);

    for (const target of [dumpKey, `s3://${BUCKET}/${dumpKey}`]) {
      const app = appControl();
      const result = await restore(target, app.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`restoring s3://${BUCKET}/${dumpKey}`);
      expect(app.log()).toEqual(['stop', 'start']);
      expect(await snapshot(pg)).toEqual(seeded);
    }
  });

  test('a truncated dump fails, rolls back completely and starts the app again', async () => {
    const full = path.join(work, 'full.dump');
    await moto.aws('s3api', 'get-object', '--bucket', BUCKET, '--key', dumpKey, full);
    const truncated = path.join(work, 'truncated.dump');
    fs.writeFileSync(truncated, fs.readFileSync(full).subarray(0, Math.floor(dumpSize * 0.6)));
    await moto.aws(
      's3api',
      'put-object',
      '--bucket',
      BUCKET,
      '--key',
      'manual/shop-truncated.dump',
      '--body',
      truncated,
    );
    fs.rmSync(full);
    fs.rmSync(truncated);
    await pg.psql(
      `INSERT INTO customer (email, name, created_at) VALUES ('late@example.com', 'Late', now())`,
    );
    const before = await snapshot(pg);

    const app = appControl();
    const result = await restore('manual/shop-truncated.dump', app.env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/pg_restore|FAILED/);
    expect(app.log()).toEqual(['stop', 'start']);
    expect(await snapshot(pg)).toEqual(before); // --single-transaction: nothing half-restored
    expect(workFiles()).toEqual([]);
    await pg.psql(`DELETE FROM customer WHERE email = 'late@example.com'`);
  });

  test('a file that is not a dump is refused before the app is stopped', async () => {
    const app = appControl();
    const result = await restore('backups/2020/01/01/shop-20200101T000000Z.dump', app.env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is not a pg_dump custom-format archive');
    expect(app.log()).toEqual([]);
  });

  test('restore fails clearly when there is no backup of the database', async () => {
    const app = appControl();
    const result = await restore(undefined, { ...app.env, DATABASE_NAME: 'nothing' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`no backup of nothing under s3://${BUCKET}/backups/`);
    expect(app.log()).toEqual([]);
  });

  test('a failed upload (no such bucket) exits non-zero and publishes no metric', async () => {
    const result = await backup({ BACKUP_BUCKET: 'no-such-bucket', SHOP_NAME: 'failing-upload' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/NoSuchBucket|does not exist/);
    expect(result.stderr).toContain('no success metric published');
    expect(await metricNames('failing-upload')).toEqual([]);
    expect(workFiles()).toEqual([]);
  });

  test('a failed pg_dump exits non-zero, uploads nothing and publishes no metric', async () => {
    const before = (await keys()).length;
    const result = await backup({
      PG_DUMP: `${pg.command('pg_dump')} --no-such-option`,
      SHOP_NAME: 'failing-dump',
    });
    expect(result.code).not.toBe(0);
    expect((await keys()).length).toBe(before);
    expect(await metricNames('failing-dump')).toEqual([]);
    const missingDb = await backup({ DATABASE_NAME: 'missing', SHOP_NAME: 'failing-dump' });
    expect(missingDb.code).not.toBe(0);
    expect(missingDb.stderr).toMatch(/database "missing" does not exist/);
    expect((await keys()).length).toBe(before);
    expect(await metricNames('failing-dump')).toEqual([]);
    expect(workFiles()).toEqual([]);
  });

  test('the metric total stays at the one successful backup', async () => {
    expect(await statistic('BackupSucceeded', 'Sum')).toBe(1);
  });
});
