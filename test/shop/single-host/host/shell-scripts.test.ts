import * as fs from 'fs';
import * as path from 'path';
import { permissions, REPO_ROOT, requireProgram, run, tempDir } from '../../../helpers/processes';

const HOST_DIR = path.join(REPO_ROOT, 'assets', 'host');
/** Sourced by the host scripts, never run. */
const LIBRARY = 'shop-common.sh';
const SOURCE_LINES = [
  '# shellcheck source-path=SCRIPTDIR source=shop-common.sh',
  '. "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"',
];
const HOST_FILES = fs
  .readdirSync(HOST_DIR)
  .filter((f) => f.endsWith('.sh'))
  .sort();
const HOST_SCRIPTS = HOST_FILES.filter((f) => f !== LIBRARY);
const PROGRAMS = [
  ...HOST_SCRIPTS.map((f) => path.join(HOST_DIR, f)),
  path.join(REPO_ROOT, 'scripts', 'setup-host-tools.sh'),
];
const ALL_FILES = [...PROGRAMS, path.join(HOST_DIR, LIBRARY)];

/** The leading comment block, where a script documents itself. */
function header(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('#'));
  return lines.slice(0, end).join('\n');
}

describe('shell scripts', () => {
  test('assets/host holds the five host scripts and the file they share', () => {
    expect(HOST_FILES).toEqual([
      'attach-data-volume.sh',
      'nginx-http2-compat.sh',
      'shop-backup.sh',
      'shop-common.sh',
      'shop-restore.sh',
      'shop-secrets.sh',
    ]);
  });

  test.each(ALL_FILES.map((f) => [path.relative(REPO_ROOT, f)]))(
    '%s passes shellcheck (all severities), following what it sources',
    async (file) => {
      const shellcheck = requireProgram('shellcheck');
      const result = await run(shellcheck, ['--shell=bash', '--severity=style', '--external-sources', file], {
        cwd: REPO_ROOT,
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  test.each(PROGRAMS.map((f) => [path.relative(REPO_ROOT, f)]))(
    '%s is strict bash and executable',
    (file) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf-8');
      expect(text.split('\n')[0]).toBe('#!/usr/bin/env bash');
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(permissions(path.join(REPO_ROOT, file))).toMatch(/^[1357][1357][1357]$/); // a+x
    },
  );

  test(`${LIBRARY} is a bash library: no shebang, not executable, sourcing it runs nothing`, async () => {
    const file = path.join(HOST_DIR, LIBRARY);
    const text = fs.readFileSync(file, 'utf-8');
    expect(text.split('\n')[0]).toBe('# shellcheck shell=bash');
    expect(permissions(file)).toMatch(/^[0246][0246][0246]$/);
    const result = await run(
      'bash',
      ['--norc', '-euo', 'pipefail', '-c', `. '${file}'; declare -F | cut -d' ' -f3`],
      {
        env: { PATH: process.env.PATH },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual([
      'export_aws_region',
      'fail',
      'imds',
      'imds_session',
      'log',
      'require_database_name',
      'require_pg_dump_archive',
      'trim_slashes',
    ]);
  });

  test.each(['attach-data-volume.sh', 'shop-backup.sh', 'shop-restore.sh'])(
    `%s sources ${LIBRARY} from its own folder, right after set -euo pipefail`,
    (file) => {
      const text = fs.readFileSync(path.join(HOST_DIR, file), 'utf-8');
      expect(text).toContain(['set -euo pipefail', ...SOURCE_LINES].join('\n'));
    },
  );

  test(`the host scripts find ${LIBRARY} when unpacked elsewhere and run from another folder`, async () => {
    // As on the host: the zip of assets/host unpacked into /opt/cdk-shop/bin, run by full path.
    const bin = path.join(tempDir('unpacked'), 'bin');
    try {
      fs.mkdirSync(bin);
      for (const f of HOST_FILES) fs.copyFileSync(path.join(HOST_DIR, f), path.join(bin, f));
      for (const [file, message] of [
        ['attach-data-volume.sh', 'attach-data-volume: DATA_VOLUME_ID '],
        ['shop-backup.sh', 'shop-backup: DATABASE_NAME '],
        ['shop-restore.sh', 'shop-restore: DATABASE_NAME '],
      ]) {
        const result = await run('bash', [path.join(bin, file)], {
          cwd: '/',
          env: {
            PATH: process.env.PATH,
            DATA_VOLUME_ID: 'not-a-volume',
            BACKUP_BUCKET: 'bucket',
            DATABASE_NAME: 'no-dashes',
          },
        });
        expect(result.stderr).toContain(message); // a check from shop-common.sh, or fail() from it
        expect(result.stderr).not.toMatch(/No such file|command not found/);
        expect(result.code).toBe(1);
      }
    } finally {
      fs.rmSync(path.dirname(bin), { recursive: true, force: true });
    }
  });

  test.each(HOST_FILES)('%s documents every environment variable it reads, with its default', (file) => {
    const text = fs.readFileSync(path.join(HOST_DIR, file), 'utf-8');
    const documented = header(text);
    const read = new Set(
      [...text.matchAll(/\$\{([A-Z][A-Z0-9_]+)(?::?[-?=]|\})/g)]
        .map((m) => m[1])
        .filter((name) => !['SECONDS', 'LINENO'].includes(name)),
    );
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect(documented).toMatch(new RegExp(`^#\\s+${name}\\s`, 'm'));
  });
});
