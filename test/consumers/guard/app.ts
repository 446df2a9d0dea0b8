// Every example stack (examples/*.ts, copied beside this file with '../src' replaced by
// 'cdk-shop') in an app that turns on cfn-guard the way @cdklabs/cdk-validator-cfnguard's README
// says, on the newest aws-cdk-lib with its strict default rules. Synthesizes twice: without
// feature flags, and with every flag the installed aws-cdk-lib recommends (what `cdk init`
// writes). Each app writes <outdir>/<variant>/validation-report.json; check-guard.js reads them.
// Usage: node app.js <outdir>
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { addExamples, buildExamples } from './examples/app';

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
const variants: Record<string, Record<string, unknown>> = {
  'no-flags': {},
  'recommended-flags': { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS },
};

// The stacks examples/app.ts builds, so that a new example cannot be left out here.
const expected = buildExamples(path.join(os.tmpdir(), `cdk-shop-guard-list-${process.pid}`))
  .node.children.filter(Stack.isStack)
  .map((s) => s.stackName)
  .sort();

let failures = 0;
for (const [variant, flags] of Object.entries(variants)) {
  const app = new App({
    outdir: path.join(outdir, variant),
    policyValidationBeta1: [new CfnGuardValidator()],
    context: {
      ...flags,
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
  addExamples(app);
  const built = app.node.children
    .filter(Stack.isStack)
    .map((s) => s.stackName)
    .sort();
  if (JSON.stringify(built) !== JSON.stringify(expected)) {
    failures++;
    console.log(
      `STACKS ${variant}: built ${built.join(', ')} but examples/app.ts builds ${expected.join(', ')}`,
    );
  }
  try {
    app.synth();
    console.log(`SYNTH ${variant}: ok (${built.join(', ')})`);
  } catch (e) {
    failures++;
    console.log(`SYNTH ${variant}: failed: ${(e as Error).message}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
