import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

// The build, release and upgrade workflows projen generates from .projenrc.ts, as committed.
const ROOT = path.join(__dirname, '..', '..');
const workflow = (name: string) =>
  parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', `${name}.yml`), 'utf8'));

/** Every `run:` of a job, joined. */
const runs = (job: any): string => job.steps.map((s: any) => s.run ?? '').join('\n');
/** The names of the environment variables a job's steps set, with their values. */
const env = (job: any): Record<string, string> =>
  Object.assign({}, ...job.steps.map((s: any) => s.env ?? {}));

describe('release workflow', () => {
  const release = workflow('release');

  test('releases on every push to main', () => {
    expect(release.on.push.branches).toEqual(['main']);
    expect(runs(release.jobs.release)).toContain('npx projen release');
  });

  test.each([
    ['release_npm', 'publib-npm', 'NPM_TOKEN'],
    ['release_pypi', 'publib-pypi', 'TWINE_PASSWORD'],
    ['release_maven', 'publib-maven', 'MAVEN_PASSWORD'],
    ['release_nuget', 'publib-nuget', 'NUGET_API_KEY'],
    ['release_golang', 'publib-golang', 'GITHUB_TOKEN'],
  ])('%s publishes the built artifact with its credentials from a repository secret', (id, tool, secret) => {
    const job = release.jobs[id];
    expect(job.needs).toBe('release');
    expect(runs(job)).toContain(tool);
    expect(job.steps.some((s: any) => String(s.uses).startsWith('actions/download-artifact'))).toBe(true);
    expect(env(job)[secret]).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  });

  test('npm publishes with provenance, which needs an OIDC token', () => {
    const job = release.jobs.release_npm;
    expect(env(job).NPM_CONFIG_PROVENANCE).toBe('true');
    expect(job.permissions['id-token']).toBe('write');
  });

  test('no job has write-all permissions, and only the release jobs write contents', () => {
    for (const [id, job] of Object.entries<any>(release.jobs)) {
      expect(job.permissions).toBeDefined();
      expect(job.permissions).not.toBe('write-all');
      if (job.permissions.contents === 'write') expect(['release', 'release_github']).toContain(id);
    }
  });
});

describe('build workflow', () => {
  const build = workflow('build');

  test('runs on pull requests the build, whose test step is the full suite .ci/run runs', () => {
    expect(Object.keys(build.on)).toContain('pull_request');
    expect(runs(build.jobs.build)).toContain('npx projen build');
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks.build.steps).toContainEqual({ spawn: 'test' });
    expect(tasks.test.steps).toEqual([{ exec: 'bash scripts/test.sh' }]);
  });

  test('sets up the toolchains the suite needs before the build', () => {
    const uses = build.jobs.build.steps.map((s: any) => String(s.uses ?? ''));
    for (const action of ['actions/setup-python', 'actions/setup-java', 'actions/setup-go']) {
      expect(uses.some((u: string) => u.startsWith(action))).toBe(true);
    }
  });
});

test('the upgrade workflow keeps aws-cdk-lib, constructs and integ-runner at their pins', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  const upgraded = tasks.upgrade.steps.flatMap((step: any) =>
    (step.execArgs ?? []).flatMap((arg: string) =>
      arg.startsWith('--filter=') ? arg.slice(9).split(',') : [arg],
    ),
  );
  expect(upgraded).toEqual(expect.arrayContaining(['jsii', 'projen', 'typescript']));
  for (const pinned of [
    'aws-cdk-lib',
    'constructs',
    '@aws-cdk/integ-runner',
    '@aws-cdk/integ-tests-alpha',
    'cdk-nag',
  ]) {
    expect(upgraded).not.toContain(pinned);
  }
  expect(Object.keys(workflow('upgrade-main').on)).toEqual(
    expect.arrayContaining(['schedule', 'workflow_dispatch']),
  );
});

describe('release dry run in a clone with no tags', () => {
  let clone: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
  const projen = (task: string) =>
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'projen'), [task], { cwd: clone, encoding: 'utf8' });
  const version = () => fs.readFileSync(path.join(clone, 'dist', 'version.txt'), 'utf8').trim();
  const changelog = () => fs.readFileSync(path.join(clone, 'dist', 'changelog.md'), 'utf8');

  beforeAll(() => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-release-'));
    execFileSync('git', ['clone', '--quiet', '--no-tags', ROOT, clone]);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
  });
  afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

  test('the first release is 0.1.0 with a changelog entry, and unbump restores 0.0.0', () => {
    expect(git('tag', '--list')).toBe('');
    projen('bump');
    expect(version()).toBe('0.1.0');
    expect(changelog()).toMatch(/^## 0\.1\.0 \(\d{4}-\d{2}-\d{2}\)/m);
    projen('unbump');
    expect(JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe('0.0.0');
  });

  // Below 1.0, commit-and-tag-version bumps the patch for a feature (measured: 0.1.0 -> 0.1.1).
  test('after it, a conventional feat commit bumps the version and is in the changelog', () => {
    git('tag', 'v0.1.0');
    fs.writeFileSync(path.join(clone, 'NEW.md'), 'x\n');
    git('add', 'NEW.md');
    git('commit', '--quiet', '-m', 'feat: a new construct');
    projen('bump');
    expect(version()).toBe('0.1.1');
    expect(changelog()).toContain('a new construct');
    projen('unbump');
  });
});

test('a separate workflow runs the unit tests on the newest aws-cdk-lib, weekly and on demand', () => {
  const newest = workflow('newest-aws-cdk-lib');
  expect(Object.keys(newest.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  const job = newest.jobs.unit;
  const commands = job.steps.map((s: any) => s.run).filter(Boolean);
  const install = commands.findIndex((c: string) => c.includes('aws-cdk-lib@latest'));
  expect(install).toBeGreaterThan(commands.indexOf('npm ci'));
  expect(commands.indexOf('npx projen test:unit')).toBeGreaterThan(install);
  expect(job.permissions).toEqual({ contents: 'read' });
});
