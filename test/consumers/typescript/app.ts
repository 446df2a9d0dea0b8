// A consumer app: uses cdk-shop exactly as an npm user would (installed from the packed tarball).
// Builds the stacks examples.json lists for TypeScript with the builders in stacks.ts.
// Usage: node app.js <outdir> [examples.json]
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CostEstimator, CostEstimatorProps, CostReport } from 'cdk-shop';
import { STACKS } from './stacks';

interface ExampleStack {
  readonly id: string;
  readonly name: string;
  readonly languages?: string[];
  readonly assumptions?: CostEstimatorProps;
}

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
const table = JSON.parse(fs.readFileSync(path.resolve(process.argv[3] ?? 'examples.json'), 'utf-8'));
const prefix: string = table.languages.typescript.prefix;

const app = new App({
  outdir,
  context: {
    // aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
    '@aws-cdk/core:validateAgainstDefaultRules': true,
    'aws:cdk:disable-creation-stack-traces': true,
  },
});

const stackAssumptions: { [stack: string]: CostEstimatorProps } = {};
const stacks = (table.stacks as ExampleStack[])
  .filter((s) => !s.languages || s.languages.includes('typescript'))
  .map((s) => {
    const build = STACKS[s.id];
    if (!build) throw new Error(`examples.json lists '${s.id}' but stacks.ts has no builder for it`);
    const stack = build(app, s.name.replace('{prefix}', prefix));
    if (s.assumptions) stackAssumptions[stack.stackName] = s.assumptions;
    return { id: s.id, stack };
  });

const assembly = app.synth();
console.log(`synthesized ${stacks.map((s) => s.stack.stackName).join(', ')} into ${outdir}`);

// <stack>.cost.json beside every template, with examples.json's assumptions per stack.
for (const estimate of new CostReport({ stackAssumptions }).write(assembly)) {
  console.log(`COST report ${estimate.stackName} ${estimate.totalMonthlyUsd}`);
}
const shop = stacks.find((s) => s.id === 'singleHostShop');
if (shop) {
  const shopEstimate = new CostEstimator().estimateStack(shop.stack);
  console.log(`COST estimateStack ${shopEstimate.stackName} ${shopEstimate.totalMonthlyUsd}`);
}
