import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamples } from '../../examples/app';
import { guardFindings } from '../helpers/guard';
import { guardViolations } from '../helpers/guard-run';
import { expectNagClean } from '../helpers/nag';

/*
 * The example apps are what a user deploys first: they must pass every check we run,
 * including AWS Control Tower's proactive rules through cfn-guard.
 */
describe('example apps', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-examples-'));
  const app = buildExamples(outdir);
  const assembly = app.synth();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  // one cfn-guard process for every stack's template (the tests below then read its answers)
  beforeAll(() => guardViolations(assembly.stacks.map((s) => s.templateFullPath)));

  test('every example synthesizes a stack with resources', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'ExampleBudgetNetwork',
      'ExampleDevelopmentDataTier',
      'ExampleEdge',
      'ExampleFargateShop',
      'ExampleHaNetwork',
      'ExampleServerlessShop',
      'ExampleSingleHostNetwork',
      'ExampleSingleHostShop',
    ]);
    for (const stack of assembly.stacks) {
      expect(Object.keys(stack.template.Resources).length).toBeGreaterThan(3);
    }
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5 find nothing unacknowledged', () => {
    expectNagClean(app);
  });

  test.each(assembly.stacks.map((s) => s.stackName))(
    'cfn-guard with the Control Tower proactive rules passes %s',
    (name) => {
      expect(guardFindings(app, name)).toEqual([]);
    },
  );
});
