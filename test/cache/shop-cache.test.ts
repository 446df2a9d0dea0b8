import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NetworkProfile, ShopNetwork } from '../../src';
import { CacheEngine, CachePreset, ShopCache, ShopCacheProps } from '../../src/cache';
import { guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean } from '../helpers/nag';

type Options = Partial<ShopCacheProps> & { profile?: NetworkProfile };

/** An engine ShopCache does not run, made the only way the API allows: a subclass. */
class Memcached extends CacheEngine {
  constructor() {
    super('memcached', '1.6');
  }
}

function synth(options: Options = {}, outdir?: string) {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'Stack');
  const { profile, ...props } = options;
  const network = new ShopNetwork(stack, 'Network', { profile: profile ?? NetworkProfile.TWO_AZ_SINGLE_NAT });
  const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc, ...props });
  let template: Template | undefined;
  return {
    app,
    stack,
    network,
    cache,
    /** Synthesizes on first use, so a test can add peers and grants first. */
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** The replication group's properties and resource attributes. */
function replicationGroup(template: Template): { logicalId: string; resource: any } {
  const found = template.findResources('AWS::ElastiCache::ReplicationGroup');
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

describe('ShopCache defaults', () => {
  const { template, cache, stack, network } = synth();
  const cacheVpcIsolatedSubnetIds = () => network.vpc.isolatedSubnets.map((s) => s.subnetId);
  const group = replicationGroup(template).resource;

  test('Valkey 8.0 on one cache.t4g.micro node, no replica, no failover, cluster mode off', () => {
    expect(group.Properties).toMatchObject({
      Engine: 'valkey',
      EngineVersion: '8.0',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      ClusterMode: 'disabled',
      Port: 6379,
    });
    expect(group.Properties.NumNodeGroups).toBeUndefined();
    expect(group.Properties.ReplicasPerNodeGroup).toBeUndefined();
    expect(cache.engine).toBe(CacheEngine.VALKEY_8);
    expect(cache.preset).toBe(CachePreset.DEVELOPMENT);
  });

  test('no parameter group of its own: the engine default is used', () => {
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    expect(group.Properties.CacheParameterGroupName).toBeUndefined();
  });

  test('encrypted at rest and in transit, with TLS required', () => {
    expect(group.Properties).toMatchObject({
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
    });
  });

  test('the AUTH token is a generated 64-character secret, passed as a dynamic reference', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    const secretId = stack.getLogicalId(cache.authToken.node.defaultChild as any);
    expect(group.Properties.AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
    });
    // no plain-text token anywhere: the only string the template holds for it is the reference
    expect(typeof group.Properties.AuthToken).not.toBe('string');
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"AuthToken":"/);
  });

  test('the AUTH token secret is retained when the stack goes', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('automatic minor version upgrades', () => {
    expect(group.Properties.AutoMinorVersionUpgrade).toBe(true);
  });

  test('daily snapshots kept 7 days, taken 03:00-04:00 UTC; maintenance on Sunday 04:30-05:30 UTC', () => {
    expect(group.Properties).toMatchObject({
      SnapshotRetentionLimit: 7,
      SnapshotWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
    });
  });

  test('deleting or replacing the cache takes a final snapshot: the data outlives the stack', () => {
    const { resource } = replicationGroup(template);
    expect(resource.DeletionPolicy).toBe('Snapshot');
    expect(resource.UpdateReplacePolicy).toBe('Snapshot');
    // the replication group has no fixed name, so a replacement can be created before the old one goes
    expect(resource.Properties.ReplicationGroupId).toBeUndefined();
  });

  test('slow log and engine log go as JSON to their own log groups, kept one month', () => {
    const groupId = (lg: logs.LogGroup) => stack.getLogicalId(lg.node.defaultChild as any);
    expect(group.Properties.LogDeliveryConfigurations).toEqual([
      {
        LogType: 'slow-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: groupId(cache.slowLogGroup) } } },
      },
      {
        LogType: 'engine-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: groupId(cache.engineLogGroup) } } },
      },
    ]);
    for (const lg of [cache.slowLogGroup, cache.engineLogGroup]) {
      expect(template.toJSON().Resources[groupId(lg)].Properties.RetentionInDays).toBe(30);
    }
  });

  test('placed in the isolated subnets of every zone, through its own subnet group', () => {
    expect(network.vpc.isolatedSubnets).toHaveLength(2);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: stack.resolve(cacheVpcIsolatedSubnetIds()),
    });
    expect(group.Properties.CacheSubnetGroupName).toEqual({ Ref: stack.getLogicalId(cache.subnetGroup) });
  });

  test('the security group admits no one and sends nothing until allowFrom', () => {
    const sgId = stack.getLogicalId(cache.securityGroup.node.defaultChild as any);
    const sg = template.toJSON().Resources[sgId];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
    ]);
    expect(
      Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) =>
        JSON.stringify(r.Properties.GroupId).includes(sgId),
      ),
    ).toEqual([]);
    expect(group.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
  });

  test('the endpoint is the primary endpoint; no reader endpoint without replicas', () => {
    expect(stack.resolve(cache.endpoint)).toEqual({
      'Fn::GetAtt': [replicationGroup(template).logicalId, 'PrimaryEndPoint.Address'],
    });
    expect(cache.readerEndpoint).toBeUndefined();
    expect(cache.port).toBe(6379);
  });
});

describe('ShopCache access', () => {
  test('allowFrom admits exactly that peer on 6379, and only it', () => {
    const shop = synth();
    const { stack, network, cache } = shop;
    const peer = new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc, allowAllOutbound: false });
    cache.allowFrom(peer);
    const template = shop.template;
    const sgId = stack.getLogicalId(cache.securityGroup.node.defaultChild as any);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) =>
      JSON.stringify(r.Properties.GroupId).includes(sgId),
    );
    expect(ingress.map((r: any) => r.Properties)).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
        SourceSecurityGroupId: {
          'Fn::GetAtt': [stack.getLogicalId(peer.node.defaultChild as any), 'GroupId'],
        },
        Description: 'Valkey/Redis client',
      },
    ]);
    // the peer may reach the cache on 6379
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 6379,
      ToPort: 6379,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"CidrIp":"0\.0\.0\.0\/0","Description":"Valkey/);
  });

  test('grantReadAuthToken lets a principal read the token secret, and only that secret', () => {
    const shop = synth();
    const { stack, cache } = shop;
    const role = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    cache.grantReadAuthToken(role);
    shop.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: { Ref: stack.getLogicalId(cache.authToken.node.defaultChild as any) },
          },
        ],
      },
    });
  });

  test('container settings: host, port, TLS and cluster mode in plain text, the token as a secret', () => {
    const { stack, cache, template } = synth();
    const groupId = replicationGroup(template).logicalId;
    expect(stack.resolve(cache.containerEnvironment())).toEqual({
      REDIS_HOST: { 'Fn::GetAtt': [groupId, 'PrimaryEndPoint.Address'] },
      REDIS_PORT: '6379',
      REDIS_TLS: 'true',
      REDIS_CLUSTER_MODE: 'false',
    });
    const secrets = cache.containerSecrets();
    expect(Object.keys(secrets)).toEqual(['REDIS_PASSWORD']);
    expect(stack.resolve(secrets.REDIS_PASSWORD.arn)).toEqual({
      Ref: stack.getLogicalId(cache.authToken.node.defaultChild as any),
    });
  });

  test('the URL template is rediss:// with the token left for the shell to expand', () => {
    const { stack, cache, template } = synth();
    const url = stack.resolve(cache.redisUrlTemplate());
    expect(url).toEqual({
      'Fn::Join': [
        '',
        [
          'rediss://default:$REDIS_PASSWORD@',
          { 'Fn::GetAtt': [replicationGroup(template).logicalId, 'PrimaryEndPoint.Address'] },
          ':6379',
        ],
      ],
    });
  });
});

describe('ShopCache presets', () => {
  test('MULTI_AZ: cache.t4g.small, a primary and a replica, automatic failover, Multi-AZ, a reader endpoint', () => {
    const { template, cache, stack } = synth({ preset: CachePreset.MULTI_AZ });
    const { logicalId, resource } = replicationGroup(template);
    expect(resource.Properties).toMatchObject({
      CacheNodeType: 'cache.t4g.small',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      ClusterMode: 'disabled',
    });
    expect(stack.resolve(cache.readerEndpoint)).toEqual({
      'Fn::GetAtt': [logicalId, 'ReaderEndPoint.Address'],
    });
  });

  test('cluster mode 2 x 2: two shards of a primary and two replicas on cache.r7g.large', () => {
    const { template, cache, stack } = synth({ preset: CachePreset.clusterMode(2, 2) });
    const { logicalId, resource } = replicationGroup(template);
    expect(resource.Properties).toMatchObject({
      CacheNodeType: 'cache.r7g.large',
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: 2,
      ClusterMode: 'enabled',
      CacheParameterGroupName: 'default.valkey8.cluster.on',
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
    expect(resource.Properties.NumCacheClusters).toBeUndefined();
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    expect(stack.resolve(cache.endpoint)).toEqual({
      'Fn::GetAtt': [logicalId, 'ConfigurationEndPoint.Address'],
    });
    expect(cache.readerEndpoint).toBeUndefined();
    expect(cache.containerEnvironment().REDIS_CLUSTER_MODE).toBe('true');
    expect(cache.clusterModeEnabled).toBe(true);
    const preset = CachePreset.clusterMode(2, 2);
    expect([
      preset.shards,
      preset.replicasPerShard,
      preset.clusterModeEnabled,
      preset.multiAz,
      preset.nodes,
    ]).toEqual([2, 2, true, true, 6]);
  });

  test('cluster mode without replicas keeps failover on (cluster mode requires it) and Multi-AZ off', () => {
    const { template } = synth({ preset: CachePreset.clusterMode(3, 0, 'cache.t4g.small') });
    expect(replicationGroup(template).resource.Properties).toMatchObject({
      CacheNodeType: 'cache.t4g.small',
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 0,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: false,
    });
  });

  test('the node type can be overridden', () => {
    const { template, cache } = synth({ preset: CachePreset.MULTI_AZ, nodeType: 'cache.m7g.large' });
    expect(replicationGroup(template).resource.Properties.CacheNodeType).toBe('cache.m7g.large');
    expect(cache.nodeType).toBe('cache.m7g.large');
  });
});

describe('ShopCache engines', () => {
  test('Redis OSS 7.1 is selectable', () => {
    const { template } = synth({ engine: CacheEngine.REDIS_7_1, preset: CachePreset.clusterMode(2, 1) });
    expect(replicationGroup(template).resource.Properties).toMatchObject({
      Engine: 'redis',
      EngineVersion: '7.1',
      TransitEncryptionMode: 'required',
      CacheParameterGroupName: 'default.redis7.cluster.on',
    });
  });

  test('Valkey 7.2 uses the valkey7 family', () => {
    const { template } = synth({ engine: CacheEngine.VALKEY_7_2, preset: CachePreset.clusterMode(2, 1) });
    expect(replicationGroup(template).resource.Properties).toMatchObject({
      Engine: 'valkey',
      EngineVersion: '7.2',
      CacheParameterGroupName: 'default.valkey7.cluster.on',
    });
  });

  test('Redis OSS 6.2 is TLS-only without the mode setting and cluster-mode property of version 7', () => {
    const { template } = synth({ engine: CacheEngine.redis('6.2'), preset: CachePreset.clusterMode(2, 1) });
    const props = replicationGroup(template).resource.Properties;
    expect(props).toMatchObject({
      EngineVersion: '6.2',
      TransitEncryptionEnabled: true,
      CacheParameterGroupName: 'default.redis6.x.cluster.on',
    });
    expect(props.TransitEncryptionMode).toBeUndefined();
    expect(props.ClusterMode).toBeUndefined();
  });

  test.each([
    [CacheEngine.VALKEY_8, 'valkey', '8.0', 'valkey8'],
    [CacheEngine.VALKEY_7_2, 'valkey', '7.2', 'valkey7'],
    [CacheEngine.REDIS_7_1, 'redis', '7.1', 'redis7'],
    [CacheEngine.valkey('8.1'), 'valkey', '8.1', 'valkey8'],
    [CacheEngine.redis('6.2'), 'redis', '6.2', 'redis6.x'],
  ])('%s has engine, version and parameter group family', (engine, name, version, family) => {
    expect([engine.engine, engine.version, engine.parameterGroupFamily]).toEqual([name, version, family]);
  });
});

describe('ShopCache options', () => {
  test('snapshot retention, windows and log retention are configurable', () => {
    const { template } = synth({
      snapshotRetention: Duration.days(35),
      snapshotWindow: '22:00-23:30',
      maintenanceWindow: 'tue:01:00-tue:02:00',
      logRetention: logs.RetentionDays.ONE_YEAR,
    });
    expect(replicationGroup(template).resource.Properties).toMatchObject({
      SnapshotRetentionLimit: 35,
      SnapshotWindow: '22:00-23:30',
      PreferredMaintenanceWindow: 'tue:01:00-tue:02:00',
    });
    const retentions = Object.values(template.findResources('AWS::Logs::LogGroup')).map(
      (g: any) => g.Properties.RetentionInDays,
    );
    expect(retentions.filter((d) => d === 365).length).toBeGreaterThanOrEqual(2);
  });

  test('RETAIN keeps the cache and what it still uses: subnet group and security group', () => {
    const { template, cache, stack } = synth({ removalPolicy: RemovalPolicy.RETAIN });
    expect(replicationGroup(template).resource.DeletionPolicy).toBe('Retain');
    const resources = template.toJSON().Resources;
    expect(resources[stack.getLogicalId(cache.subnetGroup)].DeletionPolicy).toBe('Retain');
    expect(resources[stack.getLogicalId(cache.securityGroup.node.defaultChild as any)].DeletionPolicy).toBe(
      'Retain',
    );
  });

  test('DESTROY removes the cache, its token and its logs, for throwaway stacks', () => {
    const { template, cache, stack } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    expect(replicationGroup(template).resource.DeletionPolicy).toBe('Delete');
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
    const resources = template.toJSON().Resources;
    for (const lg of [cache.slowLogGroup, cache.engineLogGroup]) {
      expect(resources[stack.getLogicalId(lg.node.defaultChild as any)].DeletionPolicy).toBe('Delete');
    }
  });

  test('private subnets are used when the VPC has no isolated ones', () => {
    const { template, stack, network } = synth({
      profile: NetworkProfile.custom({ availabilityZones: 2, natGateways: 1, isolatedSubnets: false }),
    });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: stack.resolve(network.vpc.privateSubnets.map((s) => s.subnetId)),
    });
  });
});

describe('ShopCache in a VPC of your own', () => {
  function imported(zones: string[]) {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1234',
      availabilityZones: zones,
      isolatedSubnetIds: zones.map((_, i) => `subnet-${i + 1}`),
    });
    return { stack, vpc };
  }

  test('an imported VPC is enough: the subnet group takes its isolated subnets', () => {
    const { stack, vpc } = imported(['us-east-1a', 'us-east-1b']);
    new ShopCache(stack, 'Cache', { vpc, preset: CachePreset.MULTI_AZ });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: ['subnet-1', 'subnet-2'],
    });
  });

  test('DEVELOPMENT runs in a single zone', () => {
    const { stack, vpc } = imported(['us-east-1a']);
    new ShopCache(stack, 'Cache', { vpc });
    Template.fromStack(stack).resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
  });

  test('MULTI_AZ on two subnets of the same zone is rejected', () => {
    const { stack, vpc } = imported(['us-east-1a']);
    const sameZone = ec2.Subnet.fromSubnetAttributes(stack, 'Second', {
      subnetId: 'subnet-9',
      availabilityZone: 'us-east-1a',
    });
    expect(
      () =>
        new ShopCache(stack, 'Cache', {
          vpc,
          vpcSubnets: { subnets: [vpc.isolatedSubnets[0], sameZone] },
          preset: CachePreset.MULTI_AZ,
        }),
    ).toThrow(/invalid 'preset': MULTI_AZ keeps replicas in other zones than their primary/);
  });
});

describe('ShopCache passes cdk-nag and cfn-guard', () => {
  const cases: [string, Options][] = [
    ['DEVELOPMENT', {}],
    ['MULTI_AZ', { preset: CachePreset.MULTI_AZ }],
    ['cluster mode 2 x 2', { preset: CachePreset.clusterMode(2, 2) }],
    ['Redis OSS DEVELOPMENT', { engine: CacheEngine.REDIS_7_1 }],
    ['Redis OSS MULTI_AZ', { engine: CacheEngine.REDIS_7_1, preset: CachePreset.MULTI_AZ }],
  ];

  test.each(cases)('AwsSolutions and NIST 800-53 R5 with %s', (_name, options) => {
    const { app, stack, cache, network } = synth(options);
    cache.allowFrom(new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc }));
    expectNagClean(app);
  });

  test.each(cases)('cfn-guard with the Control Tower proactive rules with %s', (_name, options) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-cache-'));
    try {
      const { app } = synth(options, outdir);
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  const cacheRules = (app: App) =>
    [
      ...new Set(
        acknowledgements(app)
          .filter((a) => a.path.startsWith('Stack/Cache'))
          .map((a) => a.rule),
      ),
    ].sort();

  test('DEVELOPMENT on Valkey acknowledges only what it explains', () => {
    expect(cacheRules(synth().app)).toEqual([
      'AwsSolutions-AEC4',
      'AwsSolutions-SMG4',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      'guard:cloudwatch_log_group_encrypted_check',
      'guard:cloudwatch_log_group_retention_period_check',
    ]);
  });

  test('Multi-AZ with 15 days of snapshots and a year of logs needs fewer acknowledgements', () => {
    const rules = cacheRules(
      synth({
        preset: CachePreset.MULTI_AZ,
        snapshotRetention: Duration.days(15),
        logRetention: logs.RetentionDays.ONE_YEAR,
      }).app,
    );
    expect(rules).not.toContain('AwsSolutions-AEC4');
    expect(rules).not.toContain('NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup');
    expect(rules).not.toContain('guard:cloudwatch_log_group_retention_period_check');
  });

  test('Redis OSS adds the default-port and RBAC acknowledgements, Valkey does not need them', () => {
    const rules = cacheRules(synth({ engine: CacheEngine.REDIS_7_1 }).app);
    expect(rules).toEqual(
      expect.arrayContaining([
        'AwsSolutions-AEC5',
        'guard:elasticache_repl_grp_rbac_auth_enabled_check',
        'guard:elasticache_repl_grp_auto_failover_enabled_check',
      ]),
    );
    expect(cacheRules(synth().app)).not.toContain('AwsSolutions-AEC5');
  });
});

describe('ShopCache rejects bad input at synth', () => {
  test.each<[string, Options, RegExp]>([
    [
      'cluster mode with 0 shards',
      { preset: CachePreset.clusterMode(0, 1) },
      /invalid 'preset': CLUSTER_MODE_0x1 has 0 shards; cluster mode takes 1 to 500\. Give CachePreset\.clusterMode/,
    ],
    [
      'cluster mode with 501 shards',
      { preset: CachePreset.clusterMode(501, 0) },
      /invalid 'preset'.*501 shards/,
    ],
    ['a fraction of a shard', { preset: CachePreset.clusterMode(2.5, 1) }, /invalid 'preset'.*2\.5 shards/],
    [
      'six replicas per shard',
      { preset: CachePreset.clusterMode(2, 6) },
      /invalid 'preset'.*6 replicas per shard; ElastiCache allows 0 to 5/,
    ],
    [
      'negative replicas',
      { preset: CachePreset.clusterMode(2, -1) },
      /invalid 'preset'.*-1 replicas per shard/,
    ],
    [
      'more than 500 nodes',
      { preset: CachePreset.clusterMode(100, 5) },
      /invalid 'preset'.*600 nodes, over the 500.*Use fewer shards or replicas/,
    ],
    [
      'a Multi-AZ preset on subnets in one zone',
      {
        preset: CachePreset.MULTI_AZ,
        profile: NetworkProfile.custom({ availabilityZones: 1, natGateways: 0 }),
      },
      /invalid 'preset': MULTI_AZ keeps replicas in other zones.*span one zone\. Use a network with two or more zones/,
    ],
    [
      'cluster mode with replicas on subnets in one zone',
      {
        preset: CachePreset.clusterMode(2, 1),
        profile: NetworkProfile.custom({ availabilityZones: 1, natGateways: 0 }),
      },
      /invalid 'preset': CLUSTER_MODE_2x1 keeps replicas in other zones/,
    ],
    [
      'a VPC with public subnets only',
      { profile: NetworkProfile.SINGLE_PUBLIC_SUBNET },
      /invalid 'vpcSubnets'.*no isolated or private subnets/,
    ],
    [
      'snapshot retention of 0 days',
      { snapshotRetention: Duration.days(0) },
      /invalid 'snapshotRetention'.*not 1 to 35 whole days\. Keep at least one daily snapshot/,
    ],
    [
      'snapshot retention over 35 days',
      { snapshotRetention: Duration.days(36) },
      /invalid 'snapshotRetention'/,
    ],
    [
      'snapshot retention in part days',
      { snapshotRetention: Duration.hours(36) },
      /invalid 'snapshotRetention'/,
    ],
    [
      'a node type without the cache. prefix',
      { nodeType: 'r7g.large' },
      /invalid 'nodeType': 'r7g\.large' is not an ElastiCache node type of the form cache\.<family>\.<size>/,
    ],
    ['a node type with spaces', { nodeType: 'cache.t4g micro' }, /invalid 'nodeType'/],
    [
      'a cluster preset with a bad node type',
      { preset: CachePreset.clusterMode(2, 1, 't4g.small') },
      /invalid 'preset': 't4g\.small' is not an ElastiCache node type/,
    ],
    [
      'a data-tiering node type',
      { nodeType: 'cache.r6gd.xlarge' },
      /invalid 'nodeType': cache\.r6gd\.xlarge is a data-tiering node type/,
    ],
    [
      'a Valkey version that does not exist',
      { engine: CacheEngine.valkey('7.0') },
      /invalid 'engine': Valkey 7\.0 is not a version ElastiCache offers for ShopCache \(valkey: 7\.2, 8\.0, 8\.1, 8\.2\)/,
    ],
    [
      'a Redis OSS version that does not exist',
      { engine: CacheEngine.redis('7.3') },
      /invalid 'engine': Redis OSS 7\.3 is not a version/,
    ],
    [
      'a Redis OSS version before 6.2',
      { engine: CacheEngine.redis('5.0') },
      /invalid 'engine': Redis OSS 5\.0 is older than 6\.2.*Use CacheEngine\.REDIS_7_1/,
    ],
    [
      'an engine other than Valkey or Redis OSS',
      { engine: new Memcached() },
      /invalid 'engine': 'memcached' is not an engine ShopCache runs\. Use CacheEngine\.valkey/,
    ],
    [
      'a version without a minor',
      { engine: CacheEngine.valkey('8') },
      /invalid 'engine': '8' is not a major\.minor version/,
    ],
    [
      'a maintenance window without days',
      { maintenanceWindow: '04:30-05:30' },
      /invalid 'maintenanceWindow': '04:30-05:30' is not a UTC window of the form ddd:hh:mm-ddd:hh:mm/,
    ],
    [
      'a maintenance window with a bad day',
      { maintenanceWindow: 'sunday:04:30-sunday:05:30' },
      /maintenanceWindow/,
    ],
    [
      'a maintenance window shorter than an hour',
      { maintenanceWindow: 'sun:04:30-sun:05:00' },
      /invalid 'maintenanceWindow'.*lasts 30 minutes; ElastiCache needs at least 60/,
    ],
    [
      'a snapshot window that is not one',
      { snapshotWindow: '3am' },
      /invalid 'snapshotWindow': '3am' is not a UTC window of the form hh:mm-hh:mm/,
    ],
    ['a snapshot window at 25:00', { snapshotWindow: '25:00-26:00' }, /invalid 'snapshotWindow'/],
    [
      'a snapshot window shorter than an hour',
      { snapshotWindow: '03:00-03:30' },
      /invalid 'snapshotWindow'.*lasts 30 minutes/,
    ],
    [
      'a maintenance window over the snapshot window',
      { maintenanceWindow: 'wed:03:30-wed:04:30' },
      /invalid 'maintenanceWindow': the maintenance window 'wed:03:30-wed:04:30' overlaps the daily snapshot window '03:00-04:00' \(at wed 03:30 UTC\)/,
    ],
    [
      'a snapshot window over the default maintenance window',
      { snapshotWindow: '05:00-06:00' },
      /invalid 'snapshotWindow': .*overlaps.*\(at sun 05:00 UTC\)/,
    ],
    [
      'a snapshot window across midnight over a maintenance window on the next day',
      { snapshotWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:01:00' },
      /invalid 'maintenanceWindow'.*\(at mon 00:00 UTC\)/,
    ],
  ])('%s', (_name, options, message) => {
    expect(() => synth(options)).toThrow(message);
  });

  test('errors name the construct path', () => {
    expect(() => synth({ nodeType: 'big' })).toThrow(/^Stack\/Cache: invalid 'nodeType'/);
  });
});
