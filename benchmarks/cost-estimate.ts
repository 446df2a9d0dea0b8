/*
 * How much the cost estimate adds to synthesis: synthesizes the example apps (the fullest set
 * of stacks we have) repeatedly, with and without the cost estimate (the <stack>.cost.json
 * reports and an annotation per stack), alternating, and
 * prints the median times and their ratio. Run: npx ts-node --project tsconfig.dev.json benchmarks/cost-estimate.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamples } from '../examples/app';
import { CostReport } from '../src';

const ROUNDS = Number(process.env.ROUNDS ?? 7);

function synthOnce(withEstimate: boolean): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-bench-'));
  const start = process.hrtime.bigint();
  const assembly = buildExamples(outdir).synth();
  if (withEstimate) new CostReport().write(assembly);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

synthOnce(true); // warm up module loading
const without: number[] = [];
const withEstimate: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  without.push(synthOnce(false));
  withEstimate.push(synthOnce(true));
}
const a = median(without);
const b = median(withEstimate);
console.log(`synth of the example apps, median of ${ROUNDS} rounds`);
console.log(`  without estimate: ${a.toFixed(0)} ms`);
console.log(`  with estimate:    ${b.toFixed(0)} ms`);
console.log(`  ratio:            ${(b / a).toFixed(3)} (target at most 1.100)`);
