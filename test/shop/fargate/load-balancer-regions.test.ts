import { App, Environment, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { BASIC } from './fargate-fixtures';
import { FargateShopStack } from '../../../examples/fargate-shop';
import { FargateShop, NetworkProfile, ShopNetwork } from '../../../src';
import { ELB_LOG_DELIVERY_SERVICE } from '../../../src/shop/fargate/access-logs';
import { createShopLoadBalancer } from '../../../src/shop/fargate/load-balancer';
import { CfnResolver } from '../../helpers/cfn-resolver';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

/*
 * The load balancer's access logs in an environment-agnostic stack: the bucket policy grants
 * the region's ELB account or the log delivery service principal, chosen at deploy time, and
 * says the same as aws-cdk-lib's logAccessLogs in a stack with a literal region.
 */

/** A load balancer of a ShopNetwork VPC in a stack with `env` (none: environment-agnostic). */
function loadBalancerTemplate(env?: Environment): Template {
  const stack = new Stack(new App(), 'Stack', { env });
  const vpc = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT }).vpc;
  const lb = createShopLoadBalancer(new Construct(stack, 'Shop'), {
    vpc,
    dualStack: false,
    deletionProtection: true,
  });
  lb.listener.addAction('Default', { action: elbv2.ListenerAction.fixedResponse(404) });
  return Template.fromStack(stack);
}

/** The bucket policy's statements as CloudFormation makes them in `region`. */
function deployedStatements(template: Template, region: string): any[] {
  const json = template.toJSON();
  const [policy] = Object.values<any>(template.findResources('AWS::S3::BucketPolicy'));
  const statements = (new CfnResolver(json, region).resolve(policy.Properties.PolicyDocument) as any)
    .Statement;
  return statements.map((s: any) => ({ ...s, Principal: single(s.Principal) }));
}

/** A principal as IAM reads it: a list of one ARN is that ARN. */
function single(principal: any): any {
  if (typeof principal !== 'object') return principal;
  return Object.fromEntries(
    Object.entries(principal).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]),
  );
}

/** The statement that lets ELB write the log files (not the delivery.logs ones aws-cdk-lib adds). */
function elbStatement(statements: any[]): any {
  const elb = statements.filter(
    (s) => s.Action === 's3:PutObject' && s.Principal.Service !== 'delivery.logs.amazonaws.com',
  );
  expect(elb).toHaveLength(1);
  return elb[0];
}

// The ELB accounts of the ALB user guide, "Enable access logs", step 2 (regions available
// before August 2022); the regions launched since are documented with the service principal.
const DOCUMENTED: Array<[string, { AWS: string } | { Service: string }]> = [
  ['us-east-1', { AWS: 'arn:aws:iam::127311923021:root' }],
  ['eu-west-1', { AWS: 'arn:aws:iam::156460612806:root' }],
  ['ap-southeast-3', { AWS: 'arn:aws:iam::589379963580:root' }],
  ['us-gov-west-1', { AWS: 'arn:aws-us-gov:iam::048591011584:root' }],
  ['cn-north-1', { AWS: 'arn:aws-cn:iam::638102146993:root' }],
  ['ap-southeast-4', { Service: ELB_LOG_DELIVERY_SERVICE }],
  ['ca-west-1', { Service: ELB_LOG_DELIVERY_SERVICE }],
  ['il-central-1', { Service: ELB_LOG_DELIVERY_SERVICE }],
  ['me-central-1', { Service: ELB_LOG_DELIVERY_SERVICE }],
  ['eu-central-2', { Service: ELB_LOG_DELIVERY_SERVICE }],
];

describe('in an environment-agnostic stack', () => {
  const template = loadBalancerTemplate();
  const json = template.toJSON();

  test('access logs are on, to the bucket, after its policy exists', () => {
    const [id, lb] = Object.entries<any>(
      template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    )[0];
    const attributes = Object.fromEntries(
      lb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]),
    );
    const bucket = Object.keys(template.findResources('AWS::S3::Bucket'))[0];
    expect(attributes).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': { Ref: bucket },
      'access_logs.s3.prefix': '',
    });
    const policy = Object.keys(template.findResources('AWS::S3::BucketPolicy'))[0];
    expect(json.Resources[id].DependsOn).toContain(policy);
  });

  test('a condition per region with an ELB account, their disjunction, no mapping, both in the one principal', () => {
    expect(json.Mappings).toBeUndefined();
    const conditions = json.Conditions as Record<string, any>;
    const inUsEast1 = Object.keys(conditions).find((id) => id.startsWith('ShopLoadBalancerInUsEast1'))!;
    expect(conditions[inUsEast1]).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
    expect(JSON.stringify(conditions)).not.toContain('ca-west-1');
    const condition = Object.keys(conditions).find((id) =>
      id.startsWith('ShopLoadBalancerRegionHasElbAccount'),
    )!;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: {
              AWS: {
                'Fn::If': [
                  condition,
                  Match.arrayWith([{ 'Fn::If': [inUsEast1, Match.anyValue(), { Ref: 'AWS::NoValue' }] }]),
                  { Ref: 'AWS::NoValue' },
                ],
              },
              Service: { 'Fn::If': [condition, { Ref: 'AWS::NoValue' }, ELB_LOG_DELIVERY_SERVICE] },
            },
          }),
        ]),
      },
    });
  });

  test.each(DOCUMENTED)('deployed in %s, the policy grants the documented principal', (region, principal) => {
    const statement = elbStatement(deployedStatements(template, region));
    expect(statement).toEqual({
      Action: 's3:PutObject',
      Effect: 'Allow',
      Principal: principal,
      Resource: `<${Object.keys(template.findResources('AWS::S3::Bucket'))[0]}.Arn>/AWSLogs/111122223333/*`,
    });
  });

  test('a region launched after this release gets the service principal (no mapping lookup to fail there)', () => {
    expect(elbStatement(deployedStatements(template, 'xx-future-1')).Principal).toEqual({
      Service: ELB_LOG_DELIVERY_SERVICE,
    });
  });

  test.each(DOCUMENTED.map(([region]) => region))(
    'deployed in %s, the policy is the one a stack with that literal region gets',
    (region) => {
      const literal = loadBalancerTemplate({ account: '111122223333', region });
      expect(deployedStatements(template, region)).toEqual(deployedStatements(literal, region));
    },
  );
});

describe('in a stack with a literal region', () => {
  test.each([
    ['eu-west-1', { AWS: 'arn:aws:iam::156460612806:root' }],
    ['ap-southeast-4', { Service: ELB_LOG_DELIVERY_SERVICE }],
  ])('%s: no mapping, no condition, the principal as aws-cdk-lib writes it', (region, principal) => {
    const template = loadBalancerTemplate({ region });
    const json = template.toJSON();
    expect(json.Mappings).toBeUndefined();
    expect(json.Conditions).toBeUndefined();
    expect(elbStatement(deployedStatements(template, region)).Principal).toEqual(principal);
  });
});

describe('FargateShop without a region', () => {
  test('synthesizes in a stack without env, and with env from unset CDK_DEFAULT_* variables', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      for (const env of [
        undefined,
        { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
      ]) {
        const stack = new Stack(new App(), 'X', { env });
        new FargateShop(stack, 'Shop', BASIC);
        expect(Token.isUnresolved(stack.region)).toBe(true);
        const template = Template.fromStack(stack);
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
        const conditions = Object.keys(template.toJSON().Conditions);
        expect(conditions.filter((id) => !id.startsWith('ShopLoadBalancerIn'))).toEqual([
          expect.stringMatching(/^ShopLoadBalancerRegionHasElbAccount/),
        ]);
      }
    } finally {
      if (saved.account !== undefined) process.env.CDK_DEFAULT_ACCOUNT = saved.account;
      if (saved.region !== undefined) process.env.CDK_DEFAULT_REGION = saved.region;
    }
  });

  describe("examples/fargate-shop.ts's stack, which names no region", () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    // the id examples/app.ts gives it: the same template as test/examples', checked by cfn-guard once
    const stack = new FargateShopStack(app, 'ExampleFargateShop');

    test('is environment-agnostic', () => {
      expect(Token.isUnresolved(stack.region)).toBe(true);
      expect(Token.isUnresolved(stack.account)).toBe(true);
    });

    test('cdk-nag AwsSolutions and NIST 800-53 R5: no finding left', () => {
      expectNagClean(app);
    });

    test('cfn-guard Control Tower rules: no finding left', () => {
      expect(guardFindings(app, 'ExampleFargateShop')).toEqual([]);
    });
  });
});
