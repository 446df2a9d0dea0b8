import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ShopCustomers, ShopCustomersProps } from '../../../src/shop/serverless';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean, nagFindings } from '../../helpers/nag';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };
const HOSTED: ShopCustomersProps = { shopDomainName: 'shop.example.com', domainPrefix: 'example-shop' };

const cases: [string, ShopCustomersProps][] = [
  ['defaults', {}],
  ['a hosted domain', HOSTED],
  ['Plus with MFA required', { ...HOSTED, featurePlan: cognito.FeaturePlan.PLUS, mfa: cognito.Mfa.REQUIRED }],
  ['SMS as a second factor', { mfaSecondFactor: { otp: true, sms: true } }],
  [
    'Lite with relaxed character classes',
    { featurePlan: cognito.FeaturePlan.LITE, passwordPolicy: { requireSymbols: false } },
  ],
];

/** The rules acknowledged on the user pool (Validations.acknowledge records them once per entry). */
function acknowledged(customers: ShopCustomers): string[] {
  return [...new Set(acknowledgements(customers).map((a) => `${a.path} ${a.rule}`))].sort();
}

describe('ShopCustomers passes cdk-nag and cfn-guard', () => {
  test.each(cases)('AwsSolutions and NIST 800-53 R5: %s', (_name, props) => {
    const customers = new ShopCustomers(new Stack(new App(), 'Stack', US_EAST_1), 'Customers', props);
    expectNagClean(customers);
  });

  test('the acknowledgements follow the choices: COG2 unless MFA is required, COG8 unless Plus, COG1 only when relaxed', () => {
    const app = new App();
    const make = (name: string, props: ShopCustomersProps) =>
      acknowledged(new ShopCustomers(new Stack(app, name, US_EAST_1), 'Customers', props));
    expect(make('Defaults', {})).toEqual([
      'Defaults/Customers/Resource AwsSolutions-COG2',
      'Defaults/Customers/Resource AwsSolutions-COG8',
    ]);
    expect(make('Strict', { featurePlan: cognito.FeaturePlan.PLUS, mfa: cognito.Mfa.REQUIRED })).toEqual([]);
    expect(make('Relaxed', { passwordPolicy: { requireUppercase: false } })).toEqual([
      'Relaxed/Customers/Resource AwsSolutions-COG1',
      'Relaxed/Customers/Resource AwsSolutions-COG2',
      'Relaxed/Customers/Resource AwsSolutions-COG8',
    ]);
  });

  test('the nag run is live: a plain user pool is flagged for password policy, MFA and plan', () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const plain = new cognito.UserPool(stack, 'Plain', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    expect(nagFindings(plain).map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-COG1', 'AwsSolutions-COG2', 'AwsSolutions-COG8']),
    );
  });

  test('cfn-guard (Control Tower rules): nothing on the pool, client, domain or style', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-customers-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Guard', US_EAST_1);
      const all = cases.map(([, props], i) => new ShopCustomers(stack, `Customers${i}`, props));
      const ours = new Set(
        all.flatMap((c) =>
          c.node
            .findAll()
            .filter(CfnResource.isCfnResource)
            .map((r) => stack.resolve(r.logicalId)),
        ),
      );
      expect(ours.size).toBeGreaterThanOrEqual(2 * 5 + 2 * 2 + 1); // pools and clients, two domains and styles, the SMS role
      expect(guardFindings(app, 'Guard').filter((f) => f.resources.some((id) => ours.has(id)))).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('SMS as a second factor', () => {
  test("the SMS role: Cognito's service principal with an external id, sns:Publish only, and its two findings acknowledged", () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const customers = new ShopCustomers(stack, 'Customers', { mfaSecondFactor: { otp: true, sms: true } });
    const template = Template.fromStack(stack);
    const role = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role).toHaveLength(1);
    const statement = role[0].Properties.AssumeRolePolicyDocument.Statement[0];
    expect(statement.Principal).toEqual({ Service: 'cognito-idp.amazonaws.com' });
    expect(statement.Condition.StringEquals['sts:ExternalId']).toBeDefined();
    expect(
      role[0].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement.map((s: any) => s.Action)),
    ).toEqual(['sns:Publish']);
    expect(acknowledged(customers)).toEqual([
      'Stack/Customers/Resource AwsSolutions-COG2',
      'Stack/Customers/Resource AwsSolutions-COG8',
      'Stack/Customers/Resource/smsRole AwsSolutions-IAM5[Resource::*]',
      'Stack/Customers/Resource/smsRole NIST.800.53.R5-IAMNoInlinePolicy',
    ]);
    expect(
      Object.values(template.findResources('AWS::Cognito::UserPool'))[0].Properties.EnabledMfas.sort(),
    ).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });
});
