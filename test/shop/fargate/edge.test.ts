import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { edgeShop, EDGE_SHOP } from './edge-fixture';
import { container, environment } from './fargate-fixtures';
import { OriginFramework } from '../../../src';
import { ORIGIN_HEADER_NAME } from '../../../src/shop/fargate/origin-lock';
import { logicalIdOf } from '../../helpers/alb-matcher';

/*
 * The edge in front of a FargateShop: CloudFront reaches the load balancer over HTTPS at the
 * origin name with the secret header, the shop's name points at CloudFront, and CloudFront's
 * certificate and web ACL come from us-east-1 whatever the shop's region.
 */

const distributionOf = (template: Template) => {
  const [d] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  return d.Properties.DistributionConfig;
};

describe('a shop in us-east-1', () => {
  const { shop, stack, template } = edgeShop();
  const config = distributionOf(template);
  const origin = config.Origins.find((o: any) => o.CustomOriginConfig);

  test('CloudFront reaches the origin name over HTTPS only, TLS 1.2, with the secret header', () => {
    expect(origin.DomainName).toBe('origin.shop.example.com');
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(origin.OriginCustomHeaders).toHaveLength(2);
    expect(origin.OriginCustomHeaders).toContainEqual({
      HeaderName: 'X-Forwarded-Host',
      HeaderValue: 'shop.example.com',
    });
    expect(origin.OriginCustomHeaders).toContainEqual({
      HeaderName: ORIGIN_HEADER_NAME,
      HeaderValue: {
        'Fn::Join': [
          '',
          ['{{resolve:secretsmanager:', { Ref: logicalIdOf(shop.originSecret!) }, ':SecretString:::}}'],
        ],
      },
    });
  });

  test("the load balancer's certificate covers the shop's name and the origin name, and CloudFront uses it", () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      SubjectAlternativeNames: ['origin.shop.example.com'],
      ValidationMethod: 'DNS',
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    expect(config.ViewerCertificate.AcmCertificateArn).toEqual({
      Ref: logicalIdOf(shop.certificate as acm.Certificate),
    });
    expect(config.Aliases).toEqual(['shop.example.com']);
  });

  test("the shop's name points at CloudFront, the origin name at the load balancer", () => {
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')).map(
      (r: any) => r.Properties,
    );
    const shopRecords = records.filter((r) => r.Name === 'shop.example.com.');
    expect(shopRecords.map((r) => r.Type).sort()).toEqual(['A', 'AAAA']);
    for (const r of shopRecords) {
      expect(r.AliasTarget.DNSName).toEqual({
        'Fn::GetAtt': [logicalIdOf(shop.edge!.distribution), 'DomainName'],
      });
    }
    const originRecords = records.filter((r) => r.Name === 'origin.shop.example.com.');
    expect(originRecords).toHaveLength(1);
    expect(JSON.stringify(originRecords[0].AliasTarget)).toContain(logicalIdOf(shop.loadBalancer));
    expect(shop.url).toBe('https://shop.example.com');
  });

  test("turning the edge on updates the shop's records in place: same logical ids, new alias target", () => {
    const plain = edgeShop((st) => ({ ...EDGE_SHOP(st), edge: false })).template;
    const ids = (t: Template, type: string) =>
      Object.entries(t.findResources('AWS::Route53::RecordSet'))
        .filter(
          ([, r]: [string, any]) => r.Properties.Name === 'shop.example.com.' && r.Properties.Type === type,
        )
        .map(([id]) => id);
    expect(ids(template, 'A')).toEqual(ids(plain, 'A'));
    expect(ids(template, 'A')).toHaveLength(1);
    expect(ids(template, 'AAAA')).toHaveLength(1);
  });

  test('the web ACL is defined in this stack and sits in front of the distribution', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/WebAcl/), 'Arn'] });
    expect(Stack.of(shop).node.children.filter((c) => c instanceof Stack)).toHaveLength(0);
  });

  test('X-Forwarded-Proto is https: the app containers are reached through an HTTPS listener only', () => {
    const env = environment(container(template, 'Backend', 'backend'));
    expect(env.MEDUSA_BACKEND_URL).toBe('https://shop.example.com');
    expect(
      Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')).map(
        (l: any) => l.Properties.Protocol,
      ),
    ).toEqual(['HTTPS']);
    expect(stack.region).toBe('us-east-1');
  });
});

describe("the web ACL's common rule set", () => {
  const overrides = (t: Template) => {
    const [acl] = Object.values(t.findResources('AWS::WAFv2::WebACL')) as any[];
    const common = acl.Properties.Rules.find((r: any) => r.Name === 'AWS-AWSManagedRulesCommonRuleSet');
    return common.Statement.ManagedRuleGroupStatement.RuleActionOverrides ?? [];
  };

  test('with a backend, SizeRestrictions_BODY counts (admin uploads and product saves are over 8 KB)', () => {
    expect(overrides(edgeShop().template)).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  test('[] makes every rule block; a storefront-only shop counts none', () => {
    const strict = edgeShop((st) => ({ ...EDGE_SHOP(st), edgeSettings: { commonRuleSetCountRules: [] } }));
    expect(overrides(strict.template)).toEqual([]);
    const storefront = edgeShop((st) => {
      const { backend: _backend, worker: _worker, ...rest } = EDGE_SHOP(st);
      return rest;
    });
    expect(overrides(storefront.template)).toEqual([]);
  });
});

describe('a shop in another region: certificate and web ACL from a us-east-1 stack', () => {
  const { app, stack, template } = edgeShop(EDGE_SHOP, { region: 'eu-west-1', account: '111111111111' });
  const companion = app.node.children.find((c): c is Stack => c instanceof Stack && c !== stack)!;
  const east = Template.fromStack(companion);
  const config = distributionOf(template);
  /** An AwsCustomResource call: a JSON string, or an Fn::Join of one with references. */
  const flat = (v: any): string =>
    typeof v === 'string'
      ? v
      : v['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'REF')).join('');

  test('the companion stack is in us-east-1, same account, and the shop stack depends on it', () => {
    expect(companion.region).toBe('us-east-1');
    expect(companion.account).toBe('111111111111');
    expect(stack.dependencies).toContain(companion);
  });

  test('it holds the DNS-validated certificate for the shop and the CLOUDFRONT web ACL', () => {
    east.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'shop.example.com', HostedZoneId: 'Z0EDGE' }],
    });
    east.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    // the shop's own regional certificate serves the load balancer (both names)
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      SubjectAlternativeNames: ['origin.shop.example.com'],
    });
  });

  test('the ARNs reach the distribution through SSM parameters written in its region, read at deploy time', () => {
    const writes = Object.values(east.findResources('Custom::CrossRegionParameter')).map((r: any) =>
      JSON.parse(flat(r.Properties.Create).replace(/REF/g, 'arn')),
    );
    expect(writes).toHaveLength(2);
    for (const w of writes) {
      expect(w).toMatchObject({ service: 'SSM', action: 'putParameter', region: 'eu-west-1' });
    }
    const names = writes.map((w) => w.parameters.Name);
    expect(config.ViewerCertificate.AcmCertificateArn).toBe(
      `{{resolve:ssm:${names.find((n) => n.endsWith('/certificate-arn'))}}}`,
    );
    expect(config.WebACLId).toBe(`{{resolve:ssm:${names.find((n) => n.endsWith('/web-acl-arn'))}}}`);
    expect(config.ViewerCertificate).toMatchObject({
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  });

  test('the writer may put and delete those two parameters in the shop region only', () => {
    const statements = Object.values(east.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('ssm:'));
    expect(statements.map((s: any) => s.Action).sort()).toEqual([
      'ssm:DeleteParameter',
      'ssm:DeleteParameter',
      'ssm:PutParameter',
      'ssm:PutParameter',
    ]);
    for (const s of statements) expect(JSON.stringify(s.Resource)).toContain(':ssm:eu-west-1:');
    template.resourceCountIs('Custom::CrossRegionParameter', 0);
  });

  test('a changed web ACL setting gives the parameters new names, so the shop reads the new ARN', () => {
    const other = edgeShop((s) => ({ ...EDGE_SHOP(s), edgeSettings: { rateLimitPer5Minutes: 500 } }), {
      region: 'eu-west-1',
      account: '111111111111',
    });
    expect(distributionOf(other.template).WebACLId).not.toEqual(config.WebACLId);
    expect(distributionOf(other.template).WebACLId).toMatch(
      /^\{\{resolve:ssm:\/cdk-shop\/edge\/.+\/web-acl-arn\}\}$/,
    );
  });

  test('a given certificate and web ACL need no companion stack', () => {
    const given = edgeShop(
      (s) => ({
        ...EDGE_SHOP(s),
        edgeSettings: {
          cloudFrontCertificate: acm.Certificate.fromCertificateArn(
            s,
            'Cf',
            'arn:aws:acm:us-east-1:111111111111:certificate/abc',
          ),
          webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/shop/0123-abcd',
        },
      }),
      { region: 'eu-west-1', account: '111111111111' },
    );
    expect(given.app.node.children.filter((c) => c instanceof Stack)).toHaveLength(1);
    const c = distributionOf(given.template);
    expect(c.ViewerCertificate.AcmCertificateArn).toBe('arn:aws:acm:us-east-1:111111111111:certificate/abc');
    expect(c.WebACLId).toBe('arn:aws:wafv2:us-east-1:111111111111:global/webacl/shop/0123-abcd');
  });
});

describe('an environment-agnostic stack', () => {
  const { app, template } = edgeShop(EDGE_SHOP, 'agnostic');

  test("keeps ShopEdge's CloudFormation rule: the web ACL and the certificate need us-east-1", () => {
    const rules = template.toJSON().Rules ?? {};
    const usEast1 = Object.values(rules).find((r: any) => JSON.stringify(r).includes('us-east-1')) as any;
    expect(usEast1).toBeDefined();
    expect(usEast1.Assertions[0].AssertDescription).toMatch(/web ACL and the CloudFront certificate/);
    expect(app.node.children.filter((c) => c instanceof Stack)).toHaveLength(1);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  });
});

describe("ShopEdge's own props pass through edgeSettings", () => {
  test('staticAssets: /_next/static/* from a bucket of its own, uploaded at deploy', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-edge-static-'));
    fs.mkdirSync(path.join(dir, 'chunks'));
    fs.writeFileSync(path.join(dir, 'chunks', 'a.js'), '1');
    const { template } = edgeShop((st) => ({
      ...EDGE_SHOP(st),
      edgeSettings: { staticAssets: { directory: dir } },
    }));
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const behavior = distributionOf(template).CacheBehaviors.find(
      (b: any) => b.PathPattern === '/_next/static/*',
    );
    const origin = distributionOf(template).Origins.find((o: any) => o.Id === behavior.TargetOriginId);
    expect(origin.S3OriginConfig).toBeDefined();
  });

  test('framework: GENERIC drops the Next.js behaviours', () => {
    const nextjs = distributionOf(edgeShop().template).CacheBehaviors.map((b: any) => b.PathPattern);
    const generic = distributionOf(
      edgeShop((st) => ({ ...EDGE_SHOP(st), edgeSettings: { framework: OriginFramework.GENERIC } })).template,
    ).CacheBehaviors.map((b: any) => b.PathPattern);
    expect(nextjs).toContain('/_next/image*');
    expect(generic).not.toContain('/_next/image*');
    expect(generic).toContain('/media/*');
  });
});
