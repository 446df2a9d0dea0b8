import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildExamples } from '../../examples/app';
import {
  describeValue,
  resolveAlarms,
  ruleOperands,
  StackTemplate,
  TemplateResolver,
} from '../helpers/alarm-resolution';
import { agentPublication, cloudConfigFiles, libraryPublications } from '../helpers/library-publications';
import { AWS_PUBLICATIONS, NamespacePublication, ValueSource } from '../helpers/metric-publications';

/*
 * The table of what AWS publishes (test/helpers/metric-publications*.ts) is consistent, holds
 * the facts the issue names, and the library's own publications follow its code.
 */

const namespaces = Object.values(AWS_PUBLICATIONS);
const sorted = (sets: readonly (readonly string[])[]) => sets.map((s) => [...s].sort().join(','));
const attribute = (source: ValueSource) =>
  source.kind === 'attribute'
    ? `${source.resourceType}.${source.attribute}${source.suffix ? ` ${source.suffix}` : ''}`
    : source.kind;

describe('the AWS metric publication table', () => {
  test('covers the namespaces the issue names', () => {
    expect(Object.keys(AWS_PUBLICATIONS).sort()).toEqual(
      [
        'AWS/ApplicationELB',
        'AWS/ECS',
        'ECS/ContainerInsights',
        'AWS/EC2',
        'AWS/NATGateway',
        'AWS/RDS',
        'AWS/ElastiCache',
        'AWS/SQS',
        'AWS/Lambda',
        'AWS/ApiGateway',
        'AWS/DynamoDB',
        'AWS/CloudFront',
        'AWS/WAFV2',
        'CloudWatchSynthetics',
        'AWS/Events',
        'AWS/States',
      ].sort(),
    );
  });

  test.each(namespaces.map((n) => [n.namespace, n] as [string, NamespacePublication]))(
    '%s: an AWS documentation source, a value source for every dimension of every set, no empty entry',
    (_name, publication) => {
      expect(publication.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/.+\.html$/);
      expect(Object.keys(publication.metrics).length).toBeGreaterThan(0);
      for (const [metric, entry] of Object.entries(publication.metrics)) {
        expect([metric, entry.dimensionSets.length > 0, entry.statistics.length > 0]).toEqual([
          metric,
          true,
          true,
        ]);
        for (const set of entry.dimensionSets) {
          expect(new Set(set).size).toBe(set.length);
          for (const name of set) {
            expect([metric, name, publication.dimensions[name]?.length > 0]).toEqual([metric, name, true]);
          }
        }
        expect(new Set(sorted(entry.dimensionSets)).size).toBe(entry.dimensionSets.length);
      }
    },
  );

  test('the facts the issue names', () => {
    const alb = AWS_PUBLICATIONS['AWS/ApplicationELB'];
    expect(alb.dimensions.LoadBalancer.map(attribute)).toEqual([
      'AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerFullName',
    ]);
    expect(alb.dimensions.TargetGroup.map(attribute)).toEqual([
      'AWS::ElasticLoadBalancingV2::TargetGroup.TargetGroupFullName',
    ]);
    expect(sorted(alb.metrics.UnHealthyHostCount.dimensionSets)).toEqual([
      'LoadBalancer,TargetGroup',
      'AvailabilityZone,LoadBalancer,TargetGroup',
    ]);
    expect(alb.metrics.UnHealthyHostCount.statistics).toEqual(
      expect.arrayContaining(['Maximum', 'Minimum', 'Average']),
    );
    expect(alb.metrics.UnHealthyHostCount.percentiles).toBeFalsy();
    expect(alb.metrics.TargetResponseTime.percentiles).toBe(true);
    expect(alb.metrics.HTTPCode_Target_5XX_Count.statistics).toEqual(['Sum']);
    const ecs = AWS_PUBLICATIONS['AWS/ECS'];
    expect([ecs.dimensions.ClusterName, ecs.dimensions.ServiceName].map((d) => d.map(attribute))).toEqual([
      ['AWS::ECS::Cluster.Ref'],
      ['AWS::ECS::Service.Name'],
    ]);
    expect(AWS_PUBLICATIONS['AWS/RDS'].dimensions.DBInstanceIdentifier.map(attribute)).toContain(
      'AWS::RDS::DBInstance.Ref',
    );
    expect(AWS_PUBLICATIONS['AWS/SQS'].dimensions.QueueName.map(attribute)).toEqual([
      'AWS::SQS::Queue.QueueName',
    ]);
    const cloudfront = AWS_PUBLICATIONS['AWS/CloudFront'];
    expect([cloudfront.region, cloudfront.dimensions.DistributionId.map(attribute)]).toEqual([
      'us-east-1',
      ['AWS::CloudFront::Distribution.Ref'],
    ]);
    expect(cloudfront.dimensions.Region).toEqual([
      expect.objectContaining({ kind: 'literal', value: /^Global$/ }),
    ]);
    expect(sorted(AWS_PUBLICATIONS['AWS/Events'].metrics.FailedInvocations.dimensionSets)).toEqual([
      'RuleName',
      'EventBusName,RuleName',
    ]);
  });

  test('ElastiCache node metrics: by member cluster, within the members of the group', () => {
    const [member] = AWS_PUBLICATIONS['AWS/ElastiCache'].dimensions.CacheClusterId;
    if (member.kind !== 'attribute' || !member.suffix || !member.check) {
      throw new Error('expected the member cluster source');
    }
    const ok = (properties: object, suffix: string) =>
      member.suffix!.test(suffix) && member.check!(properties, suffix) === undefined;
    const twoNodes = { NumCacheClusters: 2 };
    expect([
      ok(twoNodes, '-001'),
      ok(twoNodes, '-002'),
      ok(twoNodes, '-003'),
      ok(twoNodes, '-000'),
      ok(twoNodes, ''),
    ]).toEqual([true, true, false, false, false]);
    const sharded = { NumNodeGroups: 2, ReplicasPerNodeGroup: 1 };
    expect([
      ok(sharded, '-0001-001'),
      ok(sharded, '-0002-002'),
      ok(sharded, '-0003-001'),
      ok(sharded, '-0001-003'),
    ]).toEqual([true, true, false, false]);
    expect(ok({}, '-001')).toBe(true); // one node by default
  });
});

describe("the library's own publications follow its code", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'publications-'));
  const assembly = buildExamples(outdir).synth();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const stacks: StackTemplate[] = assembly.stacks.map((s) => ({ name: s.stackName, template: s.template }));

  test("SingleHostShop's host: the agent's memory and data disk metrics, the backup metric", () => {
    const publications = libraryPublications(stacks);
    const summary = publications.map((p) => [
      p.namespace,
      Object.fromEntries(Object.entries(p.metrics).map(([n, m]) => [n, sorted(m.dimensionSets)])),
    ]);
    expect(summary).toEqual([
      ['CdkShop', { mem_used_percent: ['InstanceId'], disk_used_percent: ['InstanceId,fstype,path'] }],
      ['CdkShop', { BackupSucceeded: ['Shop'] }],
    ]);
    const [agent, backup] = publications;
    expect(agent.dimensions.InstanceId).toEqual([
      expect.objectContaining({
        resourceType: 'AWS::EC2::Instance',
        attribute: 'Ref',
        logicalId: expect.stringMatching(/^ShopInstance/),
      }),
    ]);
    expect(agent.dimensions.path).toEqual([expect.objectContaining({ value: /^\/data$/ })]);
    expect(agent.dimensions.fstype).toEqual([expect.objectContaining({ value: /^xfs$/ })]);
    // the shop name the backup alarm must use is the host's SHOP_NAME
    const shopName = resolveAlarms(stacks).find((a) => a.metrics[0]?.metricName === 'BackupSucceeded')!
      .metrics[0].dimensions[0];
    expect(backup.dimensions.Shop[0]).toEqual(expect.objectContaining({ kind: 'literal' }));
    expect((backup.dimensions.Shop[0] as any).value.test(describeValue(shopName.value))).toBe(true);
  });

  test('the agent publication follows the configuration', () => {
    const instance = { logicalId: 'Host', type: 'AWS::EC2::Instance' };
    const noAppend = agentPublication(
      {
        metrics: {
          metrics_collected: {
            mem: { measurement: ['used_percent', { name: 'available', rename: 'MemFree' }] },
          },
          aggregation_dimensions: [[]],
        },
      },
      instance,
    );
    expect(noAppend.namespace).toBe('CWAgent');
    expect(Object.keys(noAppend.metrics)).toEqual(['mem_used_percent', 'MemFree']);
    // without append_dimensions the agent publishes the host name
    expect(sorted(noAppend.metrics.mem_used_percent.dimensionSets)).toEqual(['host', '']);
    const disk = agentPublication(
      {
        metrics: {
          namespace: 'N',
          metrics_collected: { disk: { measurement: ['used_percent'], resources: ['/a'] } },
        },
      },
      instance,
    );
    expect(sorted(disk.metrics.disk_used_percent.dimensionSets)).toEqual(['device,fstype,host,path']);
    expect(() => agentPublication({ metrics: { metrics_collected: { procstat: {} } } }, instance)).toThrow(
      /procstat/,
    );
    expect(() => agentPublication({ metrics: { append_dimensions: { Role: 'x' } } }, instance)).toThrow(
      /append_dimensions Role/,
    );
  });

  test('cloud-config files: gz+b64 decoded, literal blocks as written', () => {
    const gz = zlib.gzipSync(Buffer.from('{"a": 1}\n')).toString('base64');
    const text = [
      '#cloud-config',
      'write_files:',
      '  - path: /etc/one.json',
      "    permissions: '0644'",
      '    encoding: gz+b64',
      `    content: ${gz}`,
      '  - path: /etc/two.env',
      '    content: |',
      '      A=1',
      '      B={{ref}}',
      'runcmd:',
    ].join('\n');
    expect(cloudConfigFiles(text)).toEqual({
      '/etc/one.json': '{"a": 1}\n',
      '/etc/two.env': 'A=1\nB={{ref}}\n',
    });
  });
});

describe('the resolver', () => {
  const template = {
    Resources: {
      Group: { Type: 'AWS::ElastiCache::ReplicationGroup' },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
    },
    Parameters: { Env: { Type: 'String' } },
  };
  const producer = {
    name: 'Producer',
    template: {
      Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
      Outputs: { Q: { Value: { 'Fn::GetAtt': ['Queue', 'QueueName'] }, Export: { Name: 'Producer:Q' } } },
    },
  };
  const resolver = new TemplateResolver({ name: 'S', template, region: 'eu-west-1' }, [
    { name: 'S', template },
    producer,
  ]);
  test.each<[string, unknown, string]>([
    ['a literal', 'x', 'x'],
    ['Ref of a resource', { Ref: 'Group' }, '<AWS::ElastiCache::ReplicationGroup Group.Ref>'],
    [
      'Fn::GetAtt',
      { 'Fn::GetAtt': ['Lb', 'LoadBalancerFullName'] },
      '<AWS::ElasticLoadBalancingV2::LoadBalancer Lb.LoadBalancerFullName>',
    ],
    [
      'Fn::Join',
      { 'Fn::Join': ['', [{ Ref: 'Group' }, '-001']] },
      '<AWS::ElastiCache::ReplicationGroup Group.Ref>-001',
    ],
    [
      'Fn::Select of Fn::Split of a literal',
      { 'Fn::Select': [1, { 'Fn::Split': ['/', 'app/shop/abc'] }] },
      'shop',
    ],
    [
      'Fn::Select of Fn::Split of a reference',
      { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Lb' }] }] },
      '<unresolved {"Fn::Select":[1,{"Fn::Split":["/",{"Ref":"Lb"}]}]}>',
    ],
    [
      'Fn::Sub',
      { 'Fn::Sub': '${Group}-00${N}' },
      '<AWS::ElastiCache::ReplicationGroup Group.Ref>-00<unresolved N.Ref>',
    ],
    [
      'Fn::Sub with variables',
      { 'Fn::Sub': ['${G}-001', { G: { Ref: 'Group' } }] },
      '<AWS::ElastiCache::ReplicationGroup Group.Ref>-001',
    ],
    ['the stack region', { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['a parameter', { Ref: 'Env' }, '<parameter Env>'],
    [
      'Fn::ImportValue through the exporting stack',
      { 'Fn::ImportValue': 'Producer:Q' },
      '<AWS::SQS::Queue Queue.QueueName>',
    ],
  ])('%s', (_name, value, expected) => {
    expect(describeValue(resolver.resolve(value))).toBe(expected);
  });

  test('composite rule operands: references and literal names', () => {
    const rule = resolver.resolve({
      'Fn::Join': [
        '',
        [
          '(ALARM("',
          { Ref: 'Group' },
          '") OR OK(named-alarm)) AND NOT INSUFFICIENT_DATA("arn:aws:cloudwatch:eu-west-1:1:alarm:x")',
        ],
      ],
    });
    expect(ruleOperands(rule).map(describeValue)).toEqual([
      '<AWS::ElastiCache::ReplicationGroup Group.Ref>',
      'named-alarm',
      'arn:aws:cloudwatch:eu-west-1:1:alarm:x',
    ]);
  });
});
