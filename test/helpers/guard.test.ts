import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { guardFindings } from './guard';
import { acknowledge } from '../../src/private/acknowledge';

/*
 * The guard helper applies acknowledgements as aws-cdk-lib applies them to CfnGuardValidator's
 * report: by rule id `cdk-validator-cfnguard::<rule>`, on the resource's construct or an
 * ancestor. These cases pin that down, so the tests cannot pass where users fail.
 */
describe('guardFindings applies acknowledgements as the plugin route does', () => {
  const ENCRYPTED = 'cloudwatch_log_group_encrypted_check';
  const REASON = 'A test reason long enough for a reviewer to read.';
  let outdir: string;
  beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-guard-'))));
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function twoLogGroups(ackAt: (stack: Stack, a: Construct, b: logs.LogGroup) => void): string[] {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Stack');
    const a = new Construct(stack, 'A');
    new logs.LogGroup(a, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    const b = new logs.LogGroup(stack, 'B', { retention: logs.RetentionDays.ONE_YEAR });
    ackAt(stack, a, b);
    return guardFindings(app, 'Stack')
      .filter((f) => f.rule === ENCRYPTED)
      .flatMap((f) => f.resources)
      .sort();
  }

  test('without an acknowledgement both log groups are reported', () => {
    expect(twoLogGroups(() => {})).toEqual([expect.stringMatching(/^ALogs/), expect.stringMatching(/^B/)]);
  });

  test('an acknowledgement on an ancestor covers the resources below it only', () => {
    const found = twoLogGroups((_s, a) => acknowledge(a, { id: `guard:${ENCRYPTED}`, reason: REASON }));
    expect(found).toEqual([expect.stringMatching(/^B/)]);
  });

  test('an acknowledgement on the L2 covers its CloudFormation resource', () => {
    const found = twoLogGroups((_s, _a, b) => acknowledge(b, { id: `guard:${ENCRYPTED}`, reason: REASON }));
    expect(found).toEqual([expect.stringMatching(/^ALogs/)]);
  });

  test('an acknowledgement on the stack covers every resource in it', () => {
    expect(twoLogGroups((s) => acknowledge(s, { id: `guard:${ENCRYPTED}`, reason: REASON }))).toEqual([]);
  });

  test.each([
    ['another rule', 'guard:cloudwatch_log_group_retention_period_check'],
    ['the cdk-nag id of the same control', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted'],
  ])('%s does not cover the finding', (_name, id) => {
    expect(twoLogGroups((s) => acknowledge(s, { id, reason: REASON }))).toHaveLength(2);
  });

  test('a rule name the plugin never reports (upper case) is refused', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() =>
      acknowledge(stack, { id: 'guard:CLOUDWATCH_LOG_GROUP_ENCRYPTED_CHECK', reason: REASON }),
    ).toThrow(
      /^Stack: cfn-guard rule 'CLOUDWATCH_LOG_GROUP_ENCRYPTED_CHECK' is not a Control Tower rule name/,
    );
  });
});
