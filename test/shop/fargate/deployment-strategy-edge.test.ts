import { edgeShop, EDGE_SHOP } from './edge-fixture';
import { logicalId, serviceProps } from './fargate-fixtures';
import { ShopDeploymentStrategy as S } from '../../../src';
import { DEPLOYMENT_TEST_PORT } from '../../../src/shop/fargate/blue-green';
import { CLOUDFRONT_PREFIX_LIST_RULE_WEIGHT } from '../../../src/shop/fargate/origin-lock';
import { route } from '../../helpers/alb-matcher';
import { guardFindings } from '../../helpers/guard';
import { nagFindings } from '../../helpers/nag';

/*
 * ECS-native deployments behind the edge: every rule requires the secret origin header, so
 * Medusa's ten patterns are three rules (four values each), each its own load balancer entry;
 * the test listener's one VPC rule fits beside the CloudFront prefix list in the security
 * group's 60 inbound rules.
 */

const built = edgeShop((stack) => ({
  ...EDGE_SHOP(stack),
  deploymentStrategy: S.blueGreen({ testListener: true }),
}));
const { template, app } = built;
const resources = template.toJSON().Resources as Record<string, any>;

test('the backend has three production rules, each with its own blue and green group', () => {
  const entries = serviceProps(template, 'BackendService').LoadBalancers;
  expect(entries).toHaveLength(3);
  expect(new Set(entries.map((e: any) => e.AdvancedConfiguration.ProductionListenerRule.Ref)).size).toBe(3);
  expect(new Set(entries.map((e: any) => e.AdvancedConfiguration.AlternateTargetGroupArn.Ref)).size).toBe(3);
});

test('after the shift every Medusa and storefront request with the origin header reaches green; without it 403', () => {
  const listener = logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', 'HttpsListener');
  const after = JSON.parse(JSON.stringify(resources));
  const greens: Record<string, Set<string>> = {};
  for (const name of ['Storefront', 'Backend']) {
    greens[name] = new Set();
    for (const entry of serviceProps(template, `${name}Service`).LoadBalancers) {
      const config = entry.AdvancedConfiguration;
      greens[name].add(config.AlternateTargetGroupArn.Ref);
      for (const g of after[config.ProductionListenerRule.Ref].Properties.Actions[0].ForwardConfig
        .TargetGroups) {
        g.Weight = g.TargetGroupArn.Ref === config.AlternateTargetGroupArn.Ref ? 100 : 0;
      }
    }
  }
  // the header's value as every rule has it (a Secrets Manager dynamic reference)
  const headerCondition = Object.values(after)
    .filter((r: any) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule')
    .flatMap((r: any) => r.Properties.Conditions)
    .find((c: any) => c.Field === 'http-header').HttpHeaderConfig;
  const headers = { [headerCondition.HttpHeaderName]: headerCondition.Values[0] };
  const table: [string, string][] = [
    ['Storefront', '/'],
    ['Storefront', '/us/store'],
    ['Backend', '/store/products'],
    ['Backend', '/admin'],
    ['Backend', '/auth/token'],
    ['Backend', '/app/orders'],
    ['Backend', '/health'],
  ];
  for (const [service, path] of table) {
    const to = route({ Resources: after }, listener, { host: 'shop.example.com', path, headers });
    expect([service, path, greens[service].has(to.targetGroup!)]).toEqual([service, path, true]);
  }
  expect(route({ Resources: after }, listener, { host: 'shop.example.com', path: '/store' }).statusCode).toBe(
    '403',
  );
});

test('the security group: the prefix list (55) and the test port from the VPC (1), 56 of 60 inbound rules', () => {
  const groupId = logicalId(template, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
  const inline = resources[groupId].Properties.SecurityGroupIngress ?? [];
  const standalone = Object.values(resources)
    .filter(
      (r: any) =>
        r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.GroupId?.['Fn::GetAtt']?.[0] === groupId,
    )
    .map((r: any) => r.Properties);
  const rules = [...inline, ...standalone];
  const weight = rules.reduce(
    (n: number, r: any) => n + (r.SourcePrefixListId ? CLOUDFRONT_PREFIX_LIST_RULE_WEIGHT : 1),
    0,
  );
  expect(weight).toBe(56);
  expect(weight).toBeLessThanOrEqual(60);
  const testPort = rules.filter((r: any) => r.FromPort === DEPLOYMENT_TEST_PORT);
  expect(testPort).toHaveLength(1);
  expect(testPort[0].CidrIp['Fn::GetAtt'][1]).toBe('CidrBlock');
  // nothing admits the internet
  for (const r of rules) {
    expect(r.CidrIp).not.toBe('0.0.0.0/0');
    expect(r.CidrIpv6).not.toBe('::/0');
  }
});

test('cdk-nag and cfn-guard: nothing unacknowledged', () => {
  expect(nagFindings(built.stack)).toEqual([]);
  expect(guardFindings(app, 'Stack')).toEqual([]);
});
