import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostReport } from '../../src';
import { main } from '../../src/cost/cli';

/* The cdk-shop-cost command: the estimate of an app someone already synthesized. */
/** Runs the command in-process, collecting what it prints on stdout and stderr. */
function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    argv,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cdk-shop-cost', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-cli-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** An app with two stacks of one bucket each, synthesized into a new folder. */
  function synthesized(): string {
    const outdir = fs.mkdtempSync(path.join(root, 'cdk.out-'));
    const app = new App({ outdir });
    for (const name of ['Production', 'Staging']) new s3.Bucket(new Stack(app, name), 'Media');
    app.synth();
    return outdir;
  }

  test('prints each stack total and writes <stack>.cost.json beside its template', () => {
    const dir = synthesized();
    const { code, out } = run(dir);
    expect(code).toBe(0);
    // 1 GB (default storedGb) in one bucket × s3.standard.gbMonth 0.023
    expect(out).toMatch(/Production\s+\d+\s+\$0\.02/);
    expect(out).toMatch(/Staging\s+\d+\s+\$0\.02/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'Production.cost.json'), 'utf-8'));
    expect(report.totalMonthlyUsd).toBeCloseTo(0.023, 4);
  });

  test('--assumptions reads CostReport props from a JSON file, per stack too; --json prints the estimates', () => {
    const dir = synthesized();
    const file = path.join(root, 'assumptions.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ storedGb: 10, stackAssumptions: { Production: { storedGb: 1000 } } }),
    );
    const { code, out } = run(dir, '--assumptions', file, '--json');
    expect(code).toBe(0);
    const estimates = JSON.parse(out);
    const total = (name: string) => estimates.find((e: any) => e.stackName === name).totalMonthlyUsd;
    expect(total('Production')).toBeCloseTo(1000 * 0.023, 4);
    expect(total('Staging')).toBeCloseTo(10 * 0.023, 4);
  });

  test('running it again (--overwrite) replaces the stack annotation rather than adding one', () => {
    const dir = synthesized();
    expect(run(dir).code).toBe(0);
    expect(run(dir, '--assumptions', writeJson({ storedGb: 100 }), '--overwrite').code).toBe(0);
    const info = new cxapi.CloudAssembly(dir)
      .getStackByName('Staging')
      .messages.filter((m) => m.level === cxapi.SynthesisMessageLevel.INFO)
      .map((m) => m.entry.data);
    expect(info).toEqual([
      'Estimated monthly cost: $2.30 at us-east-1 list prices less the always-free allowances',
    ]);
  });

  function writeJson(value: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(root, 'json-')), 'assumptions.json');
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  }

  test.each([
    [
      'a folder that is not an assembly',
      () => [root],
      /is not a cloud assembly \(no manifest\.json\): run `cdk synth` first/,
    ],
    [
      'an unknown option, answered with the valid ones',
      () => ['--fast'],
      /unknown option '--fast'\. Valid options: --assumptions FILE, --top N, --json, --overwrite, --no-write, --help$/,
    ],
    ['a value on a flag', () => ['--json=yes'], /--json takes no value/],
    ['an option without its value', () => ['--assumptions'], /--assumptions needs a value/],
    [
      'both --overwrite and --no-write',
      () => ['--overwrite', '--no-write'],
      /--overwrite and --no-write contradict each other/,
    ],
    ['two folders', () => ['a', 'b'], /unexpected argument 'b'/],
    ['a --top that is not a number', () => ['--top', 'five'], /--top takes a whole number, not 'five'/],
    [
      'a missing assumptions file',
      () => [synthesized(), '--assumptions', '/nonexistent.json'],
      /cannot read the assumptions file/,
    ],
    [
      'assumptions that are not JSON',
      () => [synthesized(), '--assumptions', writeText('storedGb=5')],
      /is not a JSON object/,
    ],
    [
      'a negative assumption',
      () => [synthesized(), '--assumptions', writeJson({ storedGb: -5 })],
      /invalid 'storedGb': -5 is not a finite non-negative number/,
    ],
    [
      'a stack name not in the assembly',
      () => [synthesized(), '--assumptions', writeJson({ stackAssumptions: { Prod: {} } })],
      /no stack named 'Prod' in the assembly/,
    ],
  ])('%s exits 2 with a message on stderr', (_name, argv, message) => {
    const { code, err, out } = run(...(argv() as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  function writeText(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(root, 'text-')), 'assumptions.json');
    fs.writeFileSync(file, text);
    return file;
  }

  test('applies the always-free allowances once across the assembly and says so; false in --assumptions turns them off', () => {
    const outdir = fs.mkdtempSync(path.join(root, 'cdk.out-'));
    const app = new App({ outdir });
    // 8 GB of logs ingested in each stack (logIngestGb 8): the 5 GB allowance covers the first stack's 5
    for (const name of ['First', 'Second']) {
      new logs.LogGroup(new Stack(app, name), 'Logs', { retention: logs.RetentionDays.ONE_DAY });
    }
    app.synth();
    const file = path.join(root, 'logs.json');
    fs.writeFileSync(file, JSON.stringify({ logIngestGb: 8 }));
    const shared = run(outdir, '--assumptions', file, '--json', '--no-write');
    expect(shared.code).toBe(0);
    const [first, second] = JSON.parse(shared.out);
    const ingest = (e: any) =>
      e.lines
        .filter((l: any) => l.priceKey.startsWith('cloudwatch.logs.ingestPerGb'))
        .map((l: any) => l.quantity);
    expect([ingest(first), ingest(second)]).toEqual([
      [8, -5],
      [8], // nothing left for the second stack
    ]);
    expect(first.notes[0]).toMatch(/applied once across the assembly.*\(First, Second\)/);
    const summary = run(outdir, '--assumptions', file, '--no-write');
    expect(summary.out).toMatch(
      /^note: always-free monthly allowances deducted .*applied once across the assembly/m,
    );
    fs.writeFileSync(file, JSON.stringify({ logIngestGb: 8, alwaysFreeAllowances: false }));
    const off = JSON.parse(run(outdir, '--assumptions', file, '--json', '--no-write').out);
    expect(off.map(ingest)).toEqual([[8], [8]]);
    expect(off.map((e: any) => e.notes)).toEqual([[], []]);
  });

  test('--option=value is the same as --option value', () => {
    const dir = synthesized();
    const { code, out } = run(dir, `--assumptions=${writeJson({ storedGb: 100 })}`, '--top=1');
    expect(code).toBe(0);
    expect(out).toMatch(/Staging: \$2\.30 a month/);
  });

  test('--help prints the usage', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: cdk-shop-cost \[ASSEMBLY_DIR\]/);
    // the form that works from a project without cdk-shop in its package.json
    expect(out).toContain('npx -p cdk-shop cdk-shop-cost cdk.out');
  });

  test('the compiled command is a node script', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../src/cost/cli.ts'), 'utf-8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});

/*
 * A <stack>.cost.json that CostReport wrote with other assumptions (e.g. an app's own
 * stackAssumptions) is never replaced silently: the command refuses (exit 2) and names what
 * differs, unless told to --overwrite, or to write nothing with --no-write.
 */
describe('cdk-shop-cost and reports already written', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-cli-reports-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** One stack with one bucket, synthesized, and its report written by the app at 50 GB stored. */
  function reportedByTheApp(): { dir: string; report: string; before: string } {
    const outdir = fs.mkdtempSync(path.join(root, 'cdk.out-'));
    const app = new App({ outdir });
    new s3.Bucket(new Stack(app, 'Shop'), 'Media');
    new CostReport({ storedGb: 50, quiet: true }).write(app.synth());
    const report = path.join(outdir, 'Shop.cost.json');
    return { dir: outdir, report, before: fs.readFileSync(report, 'utf-8') };
  }

  function assumptionsFile(value: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(root, 'json-')), 'usage.json');
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  }

  test('other assumptions: refuses with exit 2, names the file and what differs, writes nothing', () => {
    const { dir, report, before } = reportedByTheApp();
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8');
    const { code, out, err } = run(dir);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('refusing to replace 1 report(s) written with other assumptions');
    expect(err).toContain(`${report}: storedGb 50 there, 1 now`);
    expect(err).toMatch(/--assumptions FILE\), --overwrite to replace them, or --no-write to only print$/);
    expect(fs.readFileSync(report, 'utf-8')).toBe(before);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8')).toBe(manifest);
  });

  test('the same assumptions: replaces the report without a word (the template may be newer)', () => {
    const { dir, report } = reportedByTheApp();
    const { code, err } = run(dir, '--assumptions', assumptionsFile({ storedGb: 50 }));
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(JSON.parse(fs.readFileSync(report, 'utf-8')).totalMonthlyUsd).toBeCloseTo(50 * 0.023, 4);
  });

  test('--overwrite replaces it and says on stderr what it replaced', () => {
    const { dir, report } = reportedByTheApp();
    const { code, out, err } = run(dir, '--overwrite', '--json');
    expect(code).toBe(0);
    expect(err).toBe(`cdk-shop-cost: replacing ${report}: storedGb 50 there, 1 now`);
    // stdout stays the JSON of the estimates
    expect(JSON.parse(out)[0].totalMonthlyUsd).toBeCloseTo(0.023, 4);
    expect(JSON.parse(fs.readFileSync(report, 'utf-8')).assumptions.storedGb).toBe(1);
  });

  test('--no-write prints the estimate and leaves the report and the annotations as they were', () => {
    const { dir, report, before } = reportedByTheApp();
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8');
    const { code, out } = run(dir, '--no-write');
    expect(code).toBe(0);
    expect(out).toMatch(/nothing written \(--no-write\)/);
    expect(out).toMatch(/Shop: \$0\.02 a month/);
    expect(fs.readFileSync(report, 'utf-8')).toBe(before);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8')).toBe(manifest);
  });

  test('other priceOverrides values (the same keys) count as other assumptions', () => {
    const outdir = fs.mkdtempSync(path.join(root, 'cdk.out-'));
    const app = new App({ outdir });
    new s3.Bucket(new Stack(app, 'Shop'), 'Media');
    const price = (usd: number) => ({
      priceOverrides: { 's3.standard.gbMonth': { usd, unit: 'USD/GB-month' } },
    });
    new CostReport({ ...price(0.05), quiet: true }).write(app.synth());
    const { code, err } = run(outdir, '--assumptions', assumptionsFile(price(0.02)));
    expect(code).toBe(2);
    expect(err).toContain(
      `${path.join(outdir, 'Shop.cost.json')}: price of s3.standard.gbMonth 0.05 there, 0.02 now`,
    );
    expect(run(outdir, '--assumptions', assumptionsFile(price(0.05))).code).toBe(0);
  });

  test('a <stack>.cost.json that is not a report is not replaced either', () => {
    const { dir, report } = reportedByTheApp();
    fs.writeFileSync(report, 'my notes');
    const { code, err } = run(dir);
    expect(code).toBe(2);
    expect(err).toContain(`${report}: not a cost report (no assumptions in it)`);
    expect(fs.readFileSync(report, 'utf-8')).toBe('my notes');
  });
});

/*
 * `npx -p cdk-shop cdk-shop-cost cdk.out` runs the package's bin from any directory: the command
 * must not need a package.json or node_modules where it runs (a Python or Java project has neither).
 */
describe('cdk-shop-cost as npx runs it', () => {
  test('package.json maps the command to the compiled CLI, which npx -p runs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf-8'));
    expect(pkg.bin).toEqual({ 'cdk-shop-cost': 'lib/cost/cli.js' });
  });

  test('README runs it with npx -p cdk-shop everywhere (npx cdk-shop-cost looks for a package of that name)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf-8');
    // inline code may wrap over lines: match up to the command across them
    const uses = (readme.match(/npx\s[^`]*?cdk-shop-cost/g) ?? []).map((u) => u.replace(/\s+/g, ' '));
    expect(uses.length).toBeGreaterThanOrEqual(5);
    // -p names the package: cdk-shop, or a built tarball of it (a path or a placeholder) until it is published
    for (const use of uses) {
      expect(use).toMatch(/^npx -p (cdk-shop|\S+\.tgz|<[a-z ]+>) cdk-shop-cost$/);
    }
  });

  test('run as a process from a directory with no package.json, it estimates an assembly elsewhere', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-cli-npx-'));
    try {
      const outdir = path.join(root, 'app', 'cdk.out');
      const app = new App({ outdir });
      new s3.Bucket(new Stack(app, 'Shop'), 'Media');
      app.synth();
      const empty = path.join(root, 'empty');
      fs.mkdirSync(empty);
      const result = childProcess.spawnSync(
        process.execPath,
        ['-r', require.resolve('ts-node/register'), path.join(__dirname, '../../src/cost/cli.ts'), outdir],
        {
          cwd: empty,
          encoding: 'utf-8',
          env: {
            ...process.env,
            TS_NODE_TRANSPILE_ONLY: 'true',
            TS_NODE_PROJECT: path.join(__dirname, '../../tsconfig.dev.json'),
          },
        },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Shop\s+1\s+\$0\.02$/m);
      expect(fs.existsSync(path.join(outdir, 'Shop.cost.json'))).toBe(true);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
