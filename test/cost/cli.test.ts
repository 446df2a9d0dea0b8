import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { main } from '../../src/cost/cli';

/* The cdk-shop-cost command: the estimate of an app someone already synthesized. */
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

  test('running it again replaces the stack annotation rather than adding one', () => {
    const dir = synthesized();
    expect(run(dir).code).toBe(0);
    expect(run(dir, '--assumptions', writeJson({ storedGb: 100 })).code).toBe(0);
    const info = new cxapi.CloudAssembly(dir)
      .getStackByName('Staging')
      .messages.filter((m) => m.level === cxapi.SynthesisMessageLevel.INFO)
      .map((m) => m.entry.data);
    expect(info).toEqual(['Estimated monthly cost: $2.30 at us-east-1 list prices']);
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
    ['an unknown option', () => ['--fast'], /unknown option '--fast'/],
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

  test('--help prints the usage', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: cdk-shop-cost \[ASSEMBLY_DIR\]/);
  });

  test('the compiled command is a node script', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../src/cost/cli.ts'), 'utf-8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
