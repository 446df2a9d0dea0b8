import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildExamples } from '../../examples/app';
import { guardFindings } from '../helpers/guard';
import { guardViolations } from '../helpers/guard-run';
import { expectNagClean } from '../helpers/nag';

/*
 * A user's app made with `cdk init` sets every feature flag aws-cdk-lib recommends (its
 * cdk.json); our other tests run without flags. The examples must pass the same checks either way.
 */
describe('example apps with the recommended feature flags', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-flags-'));
  const app = buildExamples(outdir, cxapi.CURRENTLY_RECOMMENDED_FLAGS);
  const assembly = app.synth();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  // one cfn-guard process for every stack's template (the tests below then read its answers)
  beforeAll(() => guardViolations(assembly.stacks.map((s) => s.templateFullPath)));

  test('the flags are really set', () => {
    expect(Object.keys(cxapi.CURRENTLY_RECOMMENDED_FLAGS).length).toBeGreaterThan(50);
    expect(app.node.tryGetContext('@aws-cdk/aws-ec2:restrictDefaultSecurityGroup')).toBe(true);
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5 find nothing unacknowledged', () => {
    expectNagClean(app);
  });

  test.each(assembly.stacks.map((s) => s.stackName))(
    'cfn-guard with the Control Tower rules passes %s',
    (name) => {
      expect(guardFindings(app, name)).toEqual([]);
    },
  );
});
