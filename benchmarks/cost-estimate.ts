/*
 * How much the cost estimate adds to synthesis: synthesizes the example apps (the examples and
 * the seeds' architectures, whose Seed002HighlyAvailable is the fullest stack we have)
 * repeatedly, with and without the cost estimate (the <stack>.cost.json reports and an
 * annotation per stack), alternating, and prints the median times and their ratio per app.
 * Run: npx projen benchmark (ROUNDS=15 for more rounds).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildExamples } from '../examples/app';
import { buildSeedArchitectures, seedAssumptions } from '../examples/seeds/app';
import { CostReport, CostReportProps } from '../src';

const ROUNDS = Number(process.env.ROUNDS ?? 7);

interface Subject {
  readonly name: string;
  readonly build: (outdir: string) => App;
  readonly report: CostReportProps;
}

const SUBJECTS: Subject[] = [
  { name: 'examples (6 stacks)', build: buildExamples, report: {} },
  {
    name: 'seeds (4 stacks)',
    build: buildSeedArchitectures,
    report: { stackAssumptions: seedAssumptions() },
  },
];

function synthOnce(subject: Subject, withEstimate: boolean): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-bench-'));
  const start = process.hrtime.bigint();
  const assembly = subject.build(outdir).synth();
  if (withEstimate) new CostReport(subject.report).write(assembly);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

for (const subject of SUBJECTS) {
  synthOnce(subject, true); // warm up module loading
  const without: number[] = [];
  const withEstimate: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    without.push(synthOnce(subject, false));
    withEstimate.push(synthOnce(subject, true));
  }
  const a = median(without);
  const b = median(withEstimate);
  console.log(`synth of the ${subject.name}, median of ${ROUNDS} rounds`);
  console.log(`  without estimate: ${a.toFixed(0)} ms`);
  console.log(`  with estimate:    ${b.toFixed(0)} ms`);
  console.log(`  ratio:            ${(b / a).toFixed(3)} (target at most 1.100)`);
}
