import * as fs from 'fs';
import * as path from 'path';
import { permissions, REPO_ROOT, requireProgram, run } from './helpers/processes';

const HOST_DIR = path.join(REPO_ROOT, 'assets', 'host');
const HOST_SCRIPTS = fs
  .readdirSync(HOST_DIR)
  .filter((f) => f.endsWith('.sh'))
  .sort();
const ALL_SCRIPTS = [
  ...HOST_SCRIPTS.map((f) => path.join(HOST_DIR, f)),
  path.join(REPO_ROOT, 'scripts', 'setup-host-tools.sh'),
];

describe('shell scripts', () => {
  test('assets/host holds the four host scripts', () => {
    expect(HOST_SCRIPTS).toEqual([
      'attach-data-volume.sh',
      'shop-backup.sh',
      'shop-restore.sh',
      'shop-secrets.sh',
    ]);
  });

  test.each(ALL_SCRIPTS.map((f) => [path.relative(REPO_ROOT, f)]))(
    '%s passes shellcheck (all severities)',
    async (file) => {
      const shellcheck = requireProgram('shellcheck');
      const result = await run(shellcheck, ['--shell=bash', '--severity=style', '--external-sources', file], {
        cwd: REPO_ROOT,
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  test.each(ALL_SCRIPTS.map((f) => [path.relative(REPO_ROOT, f)]))(
    '%s is strict bash and executable',
    (file) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf-8');
      expect(text.split('\n')[0]).toBe('#!/usr/bin/env bash');
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(permissions(path.join(REPO_ROOT, file))).toMatch(/^[1357][1357][1357]$/); // a+x
    },
  );

  test.each(HOST_SCRIPTS)('%s documents every environment variable it reads, with its default', (file) => {
    const text = fs.readFileSync(path.join(HOST_DIR, file), 'utf-8');
    const header = text.slice(0, text.indexOf('set -euo pipefail'));
    const read = new Set(
      [...text.matchAll(/\$\{([A-Z][A-Z0-9_]+)(?::?[-?=]|\})/g)]
        .map((m) => m[1])
        .filter((name) => !['SECONDS', 'LINENO'].includes(name)),
    );
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect(header).toMatch(new RegExp(`^#\\s+${name}\\s`, 'm'));
  });
});
