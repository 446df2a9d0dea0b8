import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheEngine } from './cache-engine';
import { acknowledgeCacheFindings } from './cache-findings';
import { CachePreset } from './cache-preset';
import { validateCacheProps } from './cache-validation';
import { CACHE_DEFAULTS } from '../private/block-defaults';
import { dataSubnets } from '../private/subnets';

/** The Valkey and Redis OSS port. */
const PORT = CACHE_DEFAULTS.port;

/**
 * Properties of a `ShopCache`.
 */
export interface ShopCacheProps {
  /**
   * The VPC to place the cache in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets to place the cache in.
   *
   * @default - the isolated subnets, or the private ones where the VPC has no isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The starting shape: node type, shards, replicas.
   *
   * @default CachePreset.DEVELOPMENT
   */
  readonly preset?: CachePreset;

  /**
   * The node type, `cache.<family>.<size>`, overriding the preset's.
   *
   * @default - the preset's
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
   */
  readonly nodeType?: string;

  /**
   * The engine and its version.
   *
   * @default CacheEngine.VALKEY_8
   */
  readonly engine?: CacheEngine;

  /**
   * How long daily snapshots are kept: 1 to 35 whole days.
   *
   * @default Duration.days(7)
   */
  readonly snapshotRetention?: Duration;

  /**
   * The daily UTC window for snapshots, `hh:mm-hh:mm`, at least 60 minutes.
   *
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;

  /**
   * The weekly UTC window for maintenance, `ddd:hh:mm-ddd:hh:mm`, at least 60 minutes and
   * apart from the snapshot window.
   *
   * @default 'sun:04:30-sun:05:30'
   */
  readonly maintenanceWindow?: string;

  /**
   * What happens to the cache when it leaves the stack or is replaced. With SNAPSHOT,
   * CloudFormation takes a final snapshot before it deletes the replication group.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long the slow log and engine log delivered to CloudWatch Logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The shop's Valkey (or Redis OSS) cache on Amazon ElastiCache for sessions, carts and
 * caches: encrypted at rest and in transit (TLS only), protected by a generated AUTH token,
 * snapshotted daily, reachable only from the peers given to `allowFrom`.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * declare const service: ecs.FargateService;
 * const cache = new ShopCache(this, 'Cache', { vpc, preset: CachePreset.MULTI_AZ });
 * cache.allowFrom(service);
 */
export class ShopCache extends Construct implements ec2.IConnectable {
  /** The ElastiCache replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The security group of the nodes; it admits only the peers given to `allowFrom`. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The security group rules of the cache, on its port. */
  public readonly connections: ec2.Connections;
  /** The subnet group the nodes are placed in. */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The AUTH token: 64 letters and digits, in Secrets Manager. */
  public readonly authToken: secretsmanager.Secret;
  /** The log group receiving the slow log. */
  public readonly slowLogGroup: logs.LogGroup;
  /** The log group receiving the engine log. */
  public readonly engineLogGroup: logs.LogGroup;
  /** The engine and version. */
  public readonly engine: CacheEngine;
  /** The shape the cache was built from. */
  public readonly preset: CachePreset;
  /** The node type. */
  public readonly nodeType: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** Whether cluster mode is on: clients must then use a cluster-aware client. */
  public readonly clusterModeEnabled: boolean;
  /**
   * The endpoint clients connect to: the primary endpoint, or the configuration endpoint in
   * cluster mode.
   */
  public readonly endpoint: string;
  /**
   * The endpoint that spreads reads over the replicas; undefined without replicas and in
   * cluster mode (where the client routes reads itself).
   */
  public readonly readerEndpoint?: string;

  constructor(scope: Construct, id: string, props: ShopCacheProps) {
    super(scope, id);
    validateCacheProps(this, props);
    this.preset = props.preset ?? CachePreset.DEVELOPMENT;
    this.engine = props.engine ?? CacheEngine.VALKEY_8;
    this.nodeType = props.nodeType ?? this.preset.nodeType;
    this.clusterModeEnabled = this.preset.clusterModeEnabled;
    this.port = PORT;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const keepSupporting =
      removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: `AUTH token of the cdk-shop cache ${this.node.path}`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: keepSupporting,
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'cdk-shop cache: only the peers given to allowFrom',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(PORT),
    });

    const vpcSubnets = props.vpcSubnets ?? dataSubnets(props.vpc);
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `cdk-shop cache ${this.node.path}`,
      subnetIds: props.vpc.selectSubnets(vpcSubnets).subnetIds,
    });

    const logRetention = props.logRetention ?? CACHE_DEFAULTS.logRetention;
    this.slowLogGroup = new logs.LogGroup(this, 'SlowLog', {
      retention: logRetention,
      removalPolicy: keepSupporting,
    });
    this.engineLogGroup = new logs.LogGroup(this, 'EngineLog', {
      retention: logRetention,
      removalPolicy: keepSupporting,
    });

    const preset = this.preset;
    const shape: Partial<elasticache.CfnReplicationGroupProps> = preset.clusterModeEnabled
      ? {
          numNodeGroups: preset.shards,
          replicasPerNodeGroup: preset.replicasPerShard,
          // The default group with cluster-enabled yes: no parameter group of our own to manage.
          cacheParameterGroupName: `default.${this.engine.parameterGroupFamily}.cluster.on`,
        }
      : { numCacheClusters: 1 + preset.replicasPerShard };
    // ClusterMode and TransitEncryptionMode came with Valkey 7.2 and Redis OSS 7; on Redis OSS 6.2
    // a cluster created with TLS accepts TLS connections only.
    const modern = this.engine.engine === 'valkey' || this.engine.majorVersion >= 7;

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupDescription: `cdk-shop cache ${this.node.path}`,
      engine: this.engine.engine,
      engineVersion: this.engine.version,
      cacheNodeType: this.nodeType,
      ...shape,
      clusterMode: modern ? (preset.clusterModeEnabled ? 'enabled' : 'disabled') : undefined,
      automaticFailoverEnabled: preset.automaticFailover,
      multiAzEnabled: preset.multiAz,
      port: PORT,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: modern ? 'required' : undefined,
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: props.snapshotRetention?.toDays() ?? CACHE_DEFAULTS.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow ?? CACHE_DEFAULTS.snapshotWindow,
      preferredMaintenanceWindow: props.maintenanceWindow ?? CACHE_DEFAULTS.maintenanceWindow,
      logDeliveryConfigurations: [
        logDelivery('slow-log', this.slowLogGroup),
        logDelivery('engine-log', this.engineLogGroup),
      ],
    });
    this.replicationGroup.applyRemovalPolicy(removalPolicy);
    if (removalPolicy !== RemovalPolicy.DESTROY && removalPolicy !== RemovalPolicy.SNAPSHOT) {
      // A retained cache still uses its subnet group and security group: keep them too.
      this.subnetGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.securityGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    this.endpoint = preset.clusterModeEnabled
      ? this.replicationGroup.attrConfigurationEndPointAddress
      : this.replicationGroup.attrPrimaryEndPointAddress;
    this.readerEndpoint =
      !preset.clusterModeEnabled && preset.replicasPerShard > 0
        ? this.replicationGroup.attrReaderEndPointAddress
        : undefined;
    acknowledgeCacheFindings(this, props);
  }

  /**
   * Lets a peer (a service, a function, a security group) connect on the cache's port.
   */
  public allowFrom(peer: ec2.IConnectable): void {
    // allowTo from the peer's side places a cross-stack ingress rule in the peer's stack, which
    // already depends on the cache's, so no dependency cycle arises
    peer.connections.allowTo(this, ec2.Port.tcp(PORT), 'Valkey/Redis client');
  }

  /**
   * Lets a principal read the AUTH token from Secrets Manager.
   */
  public grantReadAuthToken(grantee: iam.IGrantable): iam.Grant {
    return this.authToken.grantRead(grantee);
  }

  /**
   * The plain-text connection settings for a container: `REDIS_HOST`, `REDIS_PORT`,
   * `REDIS_TLS=true` and `REDIS_CLUSTER_MODE` (`true` or `false`). The token is not among
   * them: use `containerSecrets()`.
   */
  public containerEnvironment(): { [name: string]: string } {
    return {
      REDIS_HOST: this.endpoint,
      REDIS_PORT: String(PORT),
      REDIS_TLS: 'true',
      REDIS_CLUSTER_MODE: String(this.clusterModeEnabled),
    };
  }

  /**
   * The AUTH token for a container, read by ECS from Secrets Manager at task start and never
   * written in the task definition: `REDIS_PASSWORD`.
   */
  public containerSecrets(): { [name: string]: ecs.Secret } {
    return { REDIS_PASSWORD: ecs.Secret.fromSecretsManager(this.authToken) };
  }

  /**
   * A `REDIS_URL` for a shell to expand at container start, with the token left as the
   * variable `$REDIS_PASSWORD` (from `containerSecrets()`), e.g. as the container command
   * `sh -c 'export REDIS_URL="<this>"; exec node server.js'`.
   *
   * The variable is written without braces: CloudFormation reads `${NAME}` in a template as a
   * parameter of `Fn::Sub` (cfn-lint E1029), and a shell expands `$NAME` up to the `@` that follows.
   * The token is letters and digits only, so it needs no URL escaping. The user is named
   * (`default`, the user an AUTH token authenticates) because some clients, redis-cli among
   * them, ignore a password given with an empty user name.
   */
  public redisUrlTemplate(): string {
    return `rediss://default:$REDIS_PASSWORD@${this.endpoint}:${PORT}`;
  }
}

function logDelivery(
  logType: string,
  group: logs.ILogGroup,
): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty {
  return {
    logType,
    logFormat: 'json',
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
  };
}
