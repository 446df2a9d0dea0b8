import { Template } from 'aws-cdk-lib/assertions';
import { edgeShop, EDGE_SHOP } from './edge-fixture';
import { BASIC } from './fargate-fixtures';
import { FargateShopPreset } from '../../../src';
import {
  CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
  ORIGIN_HEADER_NAME,
} from '../../../src/shop/fargate/origin-lock';
import { logicalIdOf, route } from '../../helpers/alb-matcher';

/*
 * The origin lock, proved on the template: no security-group path from the internet to the load
 * balancer, every listener rule requires the secret header, and the default action denies.
 */

const { shop, template } = edgeShop();
const resources = template.toJSON().Resources as Record<string, any>;
const lbGroup = shop.loadBalancer.connections.securityGroups.map((g) => logicalIdOf(g));

/** Every ingress rule that lets traffic into the load balancer's group, inline or standalone. */
function ingressToLoadBalancer(res: Record<string, any>, groups: string[]): any[] {
  const inline = groups.flatMap((g) => res[g].Properties.SecurityGroupIngress ?? []);
  const standalone = Object.values(res)
    .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress')
    .filter((r) => groups.some((g) => JSON.stringify(r.Properties.GroupId).includes(`"${g}"`)))
    .map((r) => r.Properties);
  return [...inline, ...standalone];
}

describe('security groups: the load balancer admits CloudFront only', () => {
  const ingress = ingressToLoadBalancer(resources, lbGroup);

  test('exactly one ingress rule: HTTPS from the prefix list looked up at deploy time', () => {
    expect(lbGroup).toHaveLength(1);
    expect(ingress).toHaveLength(1);
    const [rule] = ingress;
    expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
    const lookupId = Object.keys(resources).find(
      (id) => resources[id].Type === 'Custom::CloudFrontOriginFacingPrefixList',
    )!;
    expect(rule.SourcePrefixListId).toEqual({ 'Fn::GetAtt': [lookupId, 'PrefixLists.0.PrefixListId'] });
  });

  test('no CIDR, IPv4 or IPv6, and no other security group reaches the load balancer', () => {
    for (const rule of ingress) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
      expect(rule.SourceSecurityGroupId).toBeUndefined();
    }
    for (const group of lbGroup) expect(JSON.stringify(resources[group])).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
  });

  test('the prefix list is found by name with a least-privilege, read-only call, no credentials at synth', () => {
    const lookup = Object.values(resources).find(
      (r) => r.Type === 'Custom::CloudFrontOriginFacingPrefixList',
    );
    const create = JSON.parse(
      typeof lookup.Properties.Create === 'string'
        ? lookup.Properties.Create
        : lookup.Properties.Create['Fn::Join'][1].join(''),
    );
    expect(create).toMatchObject({
      service: 'EC2',
      action: 'describeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST] }] },
    });
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r).includes('ec2:DescribeManagedPrefixLists'),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: 'ec2:DescribeManagedPrefixLists', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('the shop without the edge keeps its internet-facing rules (control)', () => {
    const plain = edgeShop((stack) => ({ ...EDGE_SHOP(stack), edge: false }));
    const res = plain.template.toJSON().Resources;
    const groups = plain.shop.loadBalancer.connections.securityGroups.map((g) => logicalIdOf(g));
    const cidrs = ingressToLoadBalancer(res, groups).map((r) => r.CidrIp);
    expect(cidrs).toEqual(['0.0.0.0/0', '0.0.0.0/0']);
  });
});

describe('listeners: HTTPS only, every rule needs the secret header, the default denies', () => {
  const listeners = template.findResources('AWS::ElasticLoadBalancingV2::Listener');
  const https = logicalIdOf(shop.httpsListener!);
  const secretId = logicalIdOf(shop.originSecret!);
  const secretRef = {
    'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
  };

  test('one listener, on 443: no HTTP listener (CloudFront redirects viewers)', () => {
    expect(Object.values(listeners).map((l: any) => l.Properties.Port)).toEqual([443]);
    expect(shop.httpListener).toBeUndefined();
  });

  test('every rule carries the header condition, its value a Secrets Manager dynamic reference', () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const rule of rules) {
      expect(rule.Properties.Conditions).toContainEqual({
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: ORIGIN_HEADER_NAME, Values: [secretRef] },
      });
    }
  });

  test('the default action answers 403', () => {
    expect(listeners[https].Properties.DefaultActions).toEqual([
      expect.objectContaining({
        Type: 'fixed-response',
        FixedResponseConfig: expect.objectContaining({ StatusCode: '403' }),
      }),
    ]);
  });

  test.each<[string, string, boolean, string]>([
    ['a page through CloudFront', '/', true, 'Storefront'],
    ['the store API through CloudFront', '/store/products', true, 'Backend'],
    ['the admin through CloudFront', '/app/login', true, 'Backend'],
    ['a page straight to the load balancer', '/', false, '403'],
    ['the store API straight to the load balancer', '/store/products', false, '403'],
    ['the admin straight to the load balancer', '/admin/users', false, '403'],
  ])('%s', (_label, path, withHeader, expected) => {
    const headers = withHeader
      ? { [ORIGIN_HEADER_NAME.toLowerCase()]: secretRef }
      : { 'x-origin-verify': 'guess' };
    const result = route(template, https, { host: 'origin.shop.example.com', path, headers });
    if (expected === '403') {
      expect(result).toMatchObject({ kind: 'fixed-response', statusCode: '403', rule: 'default' });
    } else {
      expect(result.kind).toBe('forward');
      expect(result.targetGroup).toContain(expected);
    }
  });

  test('the secret is generated without punctuation (ALB reads * and ? as wildcards) and retained', () => {
    const secret = resources[secretId];
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toMatchObject({
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
  });

  test('the plain secret value appears nowhere: only dynamic references', () => {
    const text = JSON.stringify(template.toJSON());
    const references = text.match(/\{\{resolve:secretsmanager:/g) ?? [];
    // each listener rule and the CloudFront origin header
    const rules = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).length;
    expect(references.length).toBeGreaterThanOrEqual(rules + 1);
  });
});

describe('the preset decides, the prop overrides', () => {
  test('HIGHLY_AVAILABLE without a domain has no edge (it needs one); DEVELOPMENT with one neither', () => {
    const ha = edgeShop(() => ({ ...BASIC, preset: FargateShopPreset.HIGHLY_AVAILABLE }));
    expect(ha.shop.edge).toBeUndefined();
    const dev = edgeShop((stack) => ({ ...EDGE_SHOP(stack), preset: FargateShopPreset.DEVELOPMENT }));
    expect(dev.shop.edge).toBeUndefined();
    Template.fromStack(dev.stack).resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(FargateShopPreset.HIGHLY_AVAILABLE.edge).toBe(true);
    expect(FargateShopPreset.DEVELOPMENT.edge).toBe(false);
  });

  test('edge: true turns it on in DEVELOPMENT', () => {
    const dev = edgeShop((stack) => ({
      ...EDGE_SHOP(stack),
      preset: FargateShopPreset.DEVELOPMENT,
      edge: true,
    }));
    expect(dev.shop.edge).toBeDefined();
    Template.fromStack(dev.stack).resourceCountIs('AWS::CloudFront::Distribution', 1);
  });
});
