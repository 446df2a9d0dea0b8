import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, run, RunResult, tempDir } from '../../../helpers/processes';

const HOST_DIR = path.join(REPO_ROOT, 'assets', 'host');
const COMMON = path.join(HOST_DIR, 'shop-common.sh');

/** curl as IMDSv2 answers it at http://imds.test: a token from PUT, then metadata only with it. */
const CURL_STUB = `#!/bin/bash
echo "curl $*" >> "$STUB_DIR/calls.log"
if [ -f "$STUB_DIR/imds-down" ]; then exit 7; fi
url="\${*: -1}"
case "$*" in
  *"-X PUT"*"http://imds.test/latest/api/token"*) echo tok-123; exit 0 ;;
esac
case "$*" in *"X-aws-ec2-metadata-token: tok-123"*) ;; *) exit 22 ;; esac
case "$url" in
  http://imds.test/latest/meta-data/placement/region) echo eu-west-1 ;;
  *) exit 22 ;;
esac
`;

let stubDir: string;
beforeAll(() => {
  stubDir = tempDir('common');
  fs.mkdirSync(path.join(stubDir, 'bin'));
  fs.writeFileSync(path.join(stubDir, 'bin', 'curl'), CURL_STUB, { mode: 0o755 });
});
afterAll(() => {
  fs.rmSync(stubDir, { recursive: true, force: true });
});
beforeEach(() => {
  fs.writeFileSync(path.join(stubDir, 'calls.log'), '');
  fs.rmSync(path.join(stubDir, 'imds-down'), { force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${path.join(stubDir, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    STUB_DIR: stubDir,
    IMDS_ENDPOINT: 'http://imds.test',
    ...extra,
  };
}

/** Runs `body` in strict bash as a script named test-script.sh that sourced shop-common.sh. */
async function withCommon(body: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const script = path.join(stubDir, 'test-script.sh');
  fs.writeFileSync(script, `set -euo pipefail\n. '${COMMON}'\n${body}\n`);
  return run('bash', ['--norc', script], { env: env(extra) });
}

function curlCalls(): string[] {
  return fs.readFileSync(path.join(stubDir, 'calls.log'), 'utf-8').split('\n').filter(Boolean);
}

describe('shop-common.sh', () => {
  test('export_aws_region asks IMDSv2 when neither region variable is set', async () => {
    const result = await withCommon('export_aws_region\nbash -c \'echo "$AWS_REGION $AWS_DEFAULT_REGION"\'');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('eu-west-1 eu-west-1\n');
    const calls = curlCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toContain('-X PUT http://imds.test/latest/api/token');
    expect(calls[1]).toContain('X-aws-ec2-metadata-token: tok-123');
  });

  test.each([
    [{ AWS_REGION: 'us-east-2' }, 'us-east-2 us-east-2'],
    [{ AWS_DEFAULT_REGION: 'ap-south-1' }, 'ap-south-1 ap-south-1'],
    [{ AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'ap-south-1' }, 'us-east-2 ap-south-1'],
  ])('export_aws_region keeps what is set (%j), without IMDS', async (vars, expected) => {
    const result = await withCommon(
      'export_aws_region\nbash -c \'echo "$AWS_REGION $AWS_DEFAULT_REGION"\'',
      vars,
    );
    expect(result.stdout).toBe(`${expected}\n`);
    expect(curlCalls()).toEqual([]);
  });

  test('without IMDS, shop-backup.sh fails through its ERR trap before dumping anything', async () => {
    fs.writeFileSync(path.join(stubDir, 'imds-down'), '');
    const dumped = path.join(stubDir, 'dumped');
    const result = await run('bash', [path.join(HOST_DIR, 'shop-backup.sh')], {
      env: env({ BACKUP_BUCKET: 'bucket', PG_DUMP: `touch ${dumped}`, BACKUP_WORK_DIR: stubDir }),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^shop-backup: FAILED \(line \d+, exit 7\); no success metric published$/m);
    expect(fs.existsSync(dumped)).toBe(false);
    expect(curlCalls().length).toBeGreaterThan(0);
  });

  test('imds needs an imds_session first', async () => {
    const result = await withCommon('imds placement/region');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('call imds_session first');
    expect(curlCalls()).toEqual([]);
  });

  test('log and fail name the script that sourced it', async () => {
    const result = await withCommon('log hello world\nfail "it broke"\necho unreachable');
    expect(result.stdout).toBe('test-script: hello world\n');
    expect(result.stderr).toBe('test-script: it broke\n');
    expect(result.code).toBe(1);
  });

  test.each([
    ['shop', true],
    ['_shop_2', true],
    ['Shop', true],
    ['2shop', false],
    ['shop-db', false],
    ['shop; DROP TABLE x', false],
    ['', false],
  ])('require_database_name accepts %j: %s', async (name, ok) => {
    const result = await withCommon('require_database_name\necho ok', { DATABASE_NAME: name });
    expect(result.code === 0).toBe(ok);
    if (ok) expect(result.stdout).toBe('ok\n');
  });

  test.each([
    ['backups', 'backups'],
    ['/backups/', 'backups'],
    ['a/b/', 'a/b'],
    ['/', ''],
    ['', ''],
  ])('trim_slashes %j is %j', async (input, expected) => {
    const result = await withCommon(`trim_slashes '${input}'`);
    expect(result.stdout).toBe(`${expected}\n`);
  });

  test('require_pg_dump_archive checks the custom-format magic', async () => {
    const good = path.join(stubDir, 'good.dump');
    const bad = path.join(stubDir, 'bad.dump');
    fs.writeFileSync(good, 'PGDMP\x01\x0e');
    fs.writeFileSync(bad, 'SELECT 1;');
    expect((await withCommon(`require_pg_dump_archive '${good}' good\necho ok`)).stdout).toBe('ok\n');
    const result = await withCommon(`require_pg_dump_archive '${bad}' 'the file (9 bytes)'`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('test-script: the file (9 bytes) is not a pg_dump custom-format archive\n');
  });
});
