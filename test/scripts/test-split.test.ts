import * as fs from 'fs';
import * as path from 'path';

// The jest suite is split into test:unit (only Node) and test:host (real programs): the split is
// the patterns in the generated task file, and this test keeps it true both ways.
const root = path.join(__dirname, '..', '..');
const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf-8')).tasks;

/** The regex a task's jest command passes in `--<option>='...'`. */
function taskPattern(task: string, option: string): RegExp {
  const exec: string = tasks[task].steps[0].exec;
  const match = new RegExp(`--${option}='([^']+)'`).exec(exec);
  if (!match) throw new Error(`${task} has no --${option}`);
  return new RegExp(match[1]);
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'consumers' ? [] : testFiles(file);
    return entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** What marks a test as needing real programs: a helper that starts one, or a check for one. */
const REAL_PROGRAM_MARKERS = [
  /helpers\/(postgres|redis|moto)'/,
  /host\/helpers\//,
  /from '\.\/helpers\/(nginx|shop-data|compose|http|nginx-site)'/,
  /handlers-fixture'/,
  /requireProgram\(/,
  /run\('bash'/,
  /spawnSync\('(nginx|psql|pg_ctl|redis-server|cloud-init|shellcheck|aws)'/,
];

const host = taskPattern('test:host', 'testPathPatterns');
const unitIgnored = taskPattern('test:unit', 'testPathIgnorePatterns');
const files = testFiles(path.join(root, 'test')).map(
  (f) => '/' + path.relative(root, f).split(path.sep).join('/'),
);

test('every test file is in exactly one part', () => {
  const inNeither = files.filter((f) => !host.test(f) && unitIgnored.test(f));
  const inBoth = files.filter((f) => host.test(f) && !unitIgnored.test(f));
  expect({ inNeither, inBoth }).toEqual({ inNeither: [], inBoth: [] });
  expect(files.filter((f) => host.test(f)).length).toBeGreaterThan(10);
});

test('no unit test starts a real program, and every host test does', () => {
  const needsPrograms = (f: string) =>
    REAL_PROGRAM_MARKERS.some((marker) => marker.test(fs.readFileSync(path.join(root, f), 'utf-8')));
  const self = '/test/scripts/test-split.test.ts';
  expect(files.filter((f) => f !== self && !host.test(f) && needsPrograms(f))).toEqual([]);
  expect(files.filter((f) => host.test(f) && !needsPrograms(f))).toEqual([]);
});

test('.ci/run and README name the same test command, and it is the projen task with the steps', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const command = /\*\*Tests\*\*.*\n\n```sh\n([^\n]+)\n```/.exec(readme)?.[1];
  expect(command).toBe('npx projen test');
  const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf-8');
  expect(ci.split('\n').filter((l) => !l.startsWith('#') && l.includes('npx projen test'))).toEqual([
    command,
  ]);
  expect(tasks.test.steps).toEqual([{ exec: 'bash scripts/test.sh' }]);
  const suite = fs.readFileSync(path.join(root, 'scripts', 'test.sh'), 'utf-8');
  for (const step of ['test:unit', 'test:host', 'test:lint', 'npx projen integ', 'scripts/consumers.sh']) {
    expect(suite).toContain(step);
  }
});
