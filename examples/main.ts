import * as path from 'path';
import { buildExamples } from './app';
import { CostReport } from '../src';

// Synthesizes every example into examples/cdk.out, writes <stack>.cost.json beside each
// template, and prints per stack its resource count, its monthly estimate and the top lines.
const outdir = path.join(__dirname, 'cdk.out');
const assembly = buildExamples(outdir).synth();
const estimates = new CostReport().write(assembly);

const usd = (n: number) => `$${n.toFixed(2)}`;
console.log(
  `Synthesized ${assembly.stacks.length} example stacks into ${path.relative(process.cwd(), outdir)}/`,
);
console.log('(monthly estimates at us-east-1 list prices; assumptions in each <stack>.cost.json)');
console.log('');
console.log('stack'.padEnd(30) + 'resources'.padStart(10) + 'monthly'.padStart(12));
for (const estimate of estimates) {
  const stack = assembly.getStackByName(estimate.stackName);
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  console.log(
    estimate.stackName.padEnd(30) +
      String(resources).padStart(10) +
      usd(estimate.totalMonthlyUsd).padStart(12),
  );
}
for (const estimate of estimates) {
  console.log('');
  console.log(`${estimate.stackName}: ${usd(estimate.totalMonthlyUsd)} a month`);
  if (estimate.totalAtMinimumUsd !== estimate.totalAtMaximumUsd) {
    console.log(
      `  with traffic: ${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalMonthlyUsd)} at desired, ${usd(estimate.totalAtMaximumUsd)} at maximum capacity`,
    );
  }
  const top = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 5);
  for (const line of top) {
    console.log(`  ${usd(line.monthlyUsd).padStart(9)}  ${line.description} (${line.path})`);
  }
  if (estimate.notPriced.length > 0) {
    console.log(`  not priced: ${estimate.notPriced.map((r) => `${r.logicalId} (${r.type})`).join(', ')}`);
  }
}
