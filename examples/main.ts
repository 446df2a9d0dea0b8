import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildExamples } from './app';
import { CostEstimate, CostReport } from '../src';
import { buildSeedArchitectures, SEED_ARCHITECTURES, seedAssumptions } from './seeds/app';
import { summaryLines, usd } from '../src/cost/private/summary';

// Synthesizes every example into examples/cdk.out and the seeds' architectures into
// examples/cdk.out/seeds, writes <stack>.cost.json beside each template, and prints per stack
// its resource count, its monthly estimate and the top lines, then the seeds' claims beside ours.
function report(title: string, assembly: cxapi.CloudAssembly, estimates: CostEstimate[]): void {
  console.log(
    `${title}: ${assembly.stacks.length} stacks in ${path.relative(process.cwd(), assembly.directory)}/`,
  );
  console.log('');
  summaryLines(assembly, estimates).forEach((line) => console.log(line));
  console.log('');
}

console.log('(monthly estimates at us-east-1 list prices; assumptions in each <stack>.cost.json)');
console.log('');
const examples = buildExamples(path.join(__dirname, 'cdk.out')).synth();
report('Example stacks', examples, new CostReport().write(examples));

const seeds = buildSeedArchitectures(path.join(__dirname, 'cdk.out', 'seeds')).synth();
const seedEstimates = new CostReport({ stackAssumptions: seedAssumptions() }).write(seeds);
report("The seeds' architectures rebuilt", seeds, seedEstimates);

console.log(
  "Seeds' claimed monthly cost beside the estimate of their rebuild (README explains the differences)",
);
console.log(
  'seed'.padEnd(6) +
    'claimed'.padStart(10) +
    'estimate'.padStart(12) +
    '  min - max'.padEnd(24) +
    'architecture',
);
for (const seed of SEED_ARCHITECTURES) {
  const estimate = seedEstimates.find((e) => e.stackName === seed.stackName)!;
  const range =
    estimate.totalAtMinimumUsd !== estimate.totalAtMaximumUsd
      ? `  ${usd(estimate.totalAtMinimumUsd)} - ${usd(estimate.totalAtMaximumUsd)}`
      : '';
  console.log(
    seed.seed.padEnd(6) +
      (seed.claimed ?? 'none').padStart(10) +
      usd(estimate.totalMonthlyUsd).padStart(12) +
      range.padEnd(24) +
      seed.title,
  );
}
