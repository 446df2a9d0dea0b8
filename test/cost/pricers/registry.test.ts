import {
  FAMILIES,
  FREE_TYPES,
  PRICERS,
  shareGroup,
  templateFacts,
  USAGE_ONLY_TYPES,
} from '../../../src/cost/private/pricers/registry';

describe('the pricer registry', () => {
  test('every CloudFormation type belongs to one family only, in one role only', () => {
    const owners = new Map<string, number>();
    for (const family of FAMILIES) {
      const types = [
        ...Object.keys(family.pricers),
        ...Object.keys(family.free ?? {}),
        ...(family.usageOnly ?? []),
      ];
      for (const type of types) {
        owners.set(type, (owners.get(type) ?? 0) + 1);
      }
    }
    expect([...owners].filter(([, n]) => n > 1)).toEqual([]);
    // the composed maps hold every family's entries, nothing lost in the merge
    expect(Object.keys(PRICERS).length + Object.keys(FREE_TYPES).length + USAGE_ONLY_TYPES.length).toBe(
      owners.size,
    );
  });

  test('a share rule belongs to a type its family prices', () => {
    for (const family of FAMILIES) {
      for (const type of Object.keys(family.shareRules ?? {})) {
        expect(family.pricers[type]).toBeDefined();
      }
    }
  });

  test.each([
    ['a public NAT gateway', { Type: 'AWS::EC2::NatGateway', Properties: {} }, 'nat'],
    [
      'a private NAT gateway',
      { Type: 'AWS::EC2::NatGateway', Properties: { ConnectivityType: 'private' } },
      undefined,
    ],
    ['an ALB (Type not set)', { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} }, 'alb'],
    [
      'a network load balancer',
      { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network' } },
      undefined,
    ],
    ['a standard queue', { Type: 'AWS::SQS::Queue', Properties: {} }, 'sqs'],
    ['a FIFO queue', { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: 'true' } }, undefined],
    ['a topic', { Type: 'AWS::SNS::Topic', Properties: {} }, 'sns'],
    ['a bucket', { Type: 'AWS::S3::Bucket', Properties: {} }, 's3'],
    ['a vault', { Type: 'AWS::Backup::BackupVault', Properties: {} }, 'backup'],
    ['a log group', { Type: 'AWS::Logs::LogGroup', Properties: {} }, 'logs'],
    ['a distribution', { Type: 'AWS::CloudFront::Distribution', Properties: {} }, 'cloudfront'],
    ['a web ACL', { Type: 'AWS::WAFv2::WebACL', Properties: {} }, 'waf'],
    ['a function', { Type: 'AWS::Lambda::Function', Properties: {} }, 'lambda'],
    ['an instance', { Type: 'AWS::EC2::Instance', Properties: {} }, undefined],
  ])('%s joins share group %s', (_what, resource, group) => {
    const resources = { R: resource };
    expect(shareGroup('R', resource, templateFacts(resources))).toBe(group);
  });

  test('a function that only backs a custom resource joins no share group', () => {
    const resources = {
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Custom: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    };
    expect(shareGroup('Fn', resources.Fn, templateFacts(resources))).toBeUndefined();
  });
});
