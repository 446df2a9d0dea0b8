import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeDatabaseFindings } from './database-findings';
import { DatabasePreset } from './database-preset';
import { validateDatabaseProps, validateDatabaseUser } from './database-validation';
import { rdsRootCertificates } from './rds-certificates';
import { ShopDatabaseProps } from './shop-database-props';
import { acknowledge } from '../private/acknowledge';
import { DATABASE_DEFAULTS } from '../private/block-defaults';
import { withPropContext } from '../private/errors';
import { acknowledgeStackHelpers } from '../private/stack-acknowledgements';
import { dataSubnets } from '../private/subnets';

const PORT = DATABASE_DEFAULTS.port;
const MASTER_USER = DATABASE_DEFAULTS.masterUser;

/**
 * The shop's PostgreSQL database on Amazon RDS: encrypted, TLS only, backed up, with a
 * generated and rotated password, in isolated subnets.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * declare const service: ecs.FargateService;
 * const database = new ShopDatabase(this, 'Database', {
 *   vpc,
 *   preset: DatabasePreset.HIGHLY_AVAILABLE,
 *   readReplicas: 1,
 * });
 * database.allowFrom(service);
 */
export class ShopDatabase extends Construct implements ec2.IConnectable {
  /** The primary instance. */
  public readonly instance: rds.DatabaseInstance;
  /** The read replicas. */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /** The master user's secret (keys host, port, username, password, dbname, engine). */
  public readonly secret: secretsmanager.ISecret;
  /** The RDS Proxy, when `proxy` is on. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The security group rules of the database. */
  public readonly connections: ec2.Connections;
  /** The parameter group, with `rds.force_ssl` on. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The database name. */
  public readonly databaseName: string;
  /** The Secrets Manager endpoint the password rotation uses in a VPC without egress. */
  public readonly secretsManagerEndpoint?: ec2.InterfaceVpcEndpoint;
  /** The endpoint applications connect to: the proxy's when there is one, else the instance's. */
  public readonly endpoint: string;
  /** The master user's name, which the password in `secret` belongs to. */
  public readonly masterUsername: string = MASTER_USER;
  /** Whether principals may connect with IAM authentication tokens (`grantConnect`). */
  public readonly iamAuthentication: boolean;
  /** Whether the proxy logs in to the database with IAM, so that clients may connect as users of their own. */
  public readonly endToEndIamAuthentication: boolean;
  /** The role the proxy assumes with `endToEndIamAuthentication`; `grantConnect` lets it log in as each granted user. */
  public readonly proxyRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ShopDatabaseProps) {
    super(scope, id);
    validateDatabaseProps(this, props);
    const preset = props.preset ?? DatabasePreset.DEVELOPMENT;
    const engine = rds.DatabaseInstanceEngine.postgres({
      version: props.engineVersion ?? rds.PostgresEngineVersion.VER_16_9,
    });
    const vpcSubnets = props.vpcSubnets ?? dataSubnets(props.vpc);
    this.databaseName = props.databaseName ?? 'shop';
    this.iamAuthentication = props.iamAuthentication ?? false;
    this.endToEndIamAuthentication = props.endToEndIamAuthentication ?? false;

    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'cdk-shop PostgreSQL: TLS required, slow statements logged',
      parameters: {
        'rds.force_ssl': '1',
        log_min_duration_statement: '1000',
        log_connections: '1',
        log_disconnections: '1',
      },
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'cdk-shop PostgreSQL: only the peers given to allowFrom',
      allowAllOutbound: false,
    });

    const storage = (props.allocatedStorage ?? preset.allocatedStorage).toGibibytes();
    const ceiling = (props.maxAllocatedStorage ?? preset.maxAllocatedStorage).toGibibytes();
    // a ceiling equal to the storage means no autoscaling, which RDS expresses by its absence
    const maxStorage = ceiling > storage ? ceiling : undefined;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      vpc: props.vpc,
      vpcSubnets,
      instanceType: props.instanceType ?? preset.instanceType,
      multiAz: props.multiAz ?? preset.multiAz,
      allocatedStorage: storage,
      maxAllocatedStorage: maxStorage,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      storageEncryptionKey: props.storageEncryptionKey,
      credentials: rds.Credentials.fromGeneratedSecret(MASTER_USER, {
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      databaseName: this.databaseName,
      parameterGroup: this.parameterGroup,
      securityGroups: [securityGroup],
      port: PORT,
      iamAuthentication: props.iamAuthentication ?? false,
      backupRetention: props.backupRetention ?? Duration.days(DATABASE_DEFAULTS.backupRetentionDays),
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      cloudwatchLogsRetention: props.logRetention ?? DATABASE_DEFAULTS.logRetention,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      publiclyAccessible: false,
    });
    this.secret = this.instance.secret!;
    // A snapshot or a retained instance needs its master password: keep the secret with it.
    const secret = this.instance.node.tryFindChild('Secret') as secretsmanager.Secret | undefined;
    if (removalPolicy !== RemovalPolicy.DESTROY) secret?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The instance's own connections name the port as a token (Endpoint.Port), which policy
    // checks cannot read: peers are admitted on the literal port.
    this.connections = new ec2.Connections({
      securityGroups: [securityGroup],
      defaultPort: ec2.Port.tcp(PORT),
    });

    // The rotation function calls Secrets Manager: through the NAT where the VPC has private
    // subnets with egress, else through an interface endpoint (about $7.30 a month per zone).
    const hasEgress = props.vpc.privateSubnets.length > 0;
    const rotationSubnets = hasEgress ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : vpcSubnets;
    this.secretsManagerEndpoint = hasEgress
      ? undefined
      : new ec2.InterfaceVpcEndpoint(this, 'SecretsManagerEndpoint', {
          vpc: props.vpc,
          service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
          subnets: vpcSubnets,
          privateDnsEnabled: true,
        });
    this.instance.addRotationSingleUser({
      automaticallyAfter: props.passwordRotation ?? Duration.days(DATABASE_DEFAULTS.passwordRotationDays),
      vpcSubnets: rotationSubnets,
      endpoint: this.secretsManagerEndpoint,
    });

    const replicaZones = props.vpc.selectSubnets(vpcSubnets).availabilityZones;
    this.readReplicas = Array.from(
      { length: props.readReplicas ?? 0 },
      (_, i) =>
        new rds.DatabaseInstanceReadReplica(this, `ReadReplica${i + 1}`, {
          sourceDatabaseInstance: this.instance,
          vpc: props.vpc,
          vpcSubnets,
          availabilityZone: replicaZones.length > 0 ? replicaZones[(i + 1) % replicaZones.length] : undefined,
          instanceType: props.instanceType ?? preset.instanceType,
          // the same storage as the source (aws-cdk-lib would write gp2), growing as far as it
          // can: a replica that fills up stops replicating
          storageType: rds.StorageType.GP3,
          maxAllocatedStorage: maxStorage,
          storageEncrypted: true,
          parameterGroup: this.parameterGroup,
          securityGroups: [securityGroup],
          enablePerformanceInsights: true,
          cloudwatchLogsExports: ['postgresql'],
          cloudwatchLogsRetention: props.logRetention ?? DATABASE_DEFAULTS.logRetention,
          deletionProtection: props.deletionProtection ?? true,
          removalPolicy:
            props.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
          autoMinorVersionUpgrade: true,
          caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
          publiclyAccessible: false,
        }),
    );

    for (const replica of this.readReplicas) {
      // A replica is encrypted because its source is; CloudFormation rejects StorageEncrypted
      // beside SourceDBInstanceIdentifier (cfn-lint E3020), which aws-cdk-lib writes anyway.
      (replica.node.defaultChild as rds.CfnDBInstance).addPropertyDeletionOverride('StorageEncrypted');
    }

    if (props.proxy) {
      // end to end, the proxy needs no secret: it logs in as each client's user with IAM, with a
      // role of ours that grantConnect extends user by user
      const endToEnd = this.endToEndIamAuthentication;
      this.proxyRole = endToEnd
        ? new iam.Role(this, 'ProxyRole', {
            assumedBy: new iam.ServicePrincipal('rds.amazonaws.com'),
            description:
              'RDS Proxy of the cdk-shop database: logs in to PostgreSQL as each granted user with IAM',
          })
        : undefined;
      this.proxy = this.instance.addProxy('Proxy', {
        secrets: endToEnd ? undefined : [this.secret],
        defaultAuthScheme: endToEnd ? rds.DefaultAuthScheme.IAM_AUTH : undefined,
        role: this.proxyRole,
        vpc: props.vpc,
        vpcSubnets,
        securityGroups: [securityGroup],
        requireTLS: true,
        iamAuth: props.iamAuthentication ?? false,
      });
      // a name unique in the account and region whatever the app's feature flags (without
      // @aws-cdk/aws-rds:databaseProxyUniqueResourceName, aws-cdk-lib names every proxy 'Proxy',
      // and a second shop's proxy then fails to create)
      (this.proxy.node.defaultChild as rds.CfnDBProxy).dbProxyName = Names.uniqueResourceName(this.proxy, {
        maxLength: 60,
      });
      if (this.proxyRole) {
        // its policy appears with the first grantConnect: acknowledged here for it and what follows
        acknowledge(this.proxyRole, {
          id: 'NIST.800.53.R5-IAMNoInlinePolicy',
          reason:
            'grantConnect lets the proxy log in as each granted database user, one inline statement per user; a managed policy would add nothing.',
        });
      }
      // the proxy reaches the instance through the shared group
      securityGroup.connections.allowInternally(ec2.Port.tcp(PORT), 'RDS Proxy to PostgreSQL');
    }
    this.endpoint = this.proxy ? this.proxy.endpoint : this.instance.dbInstanceEndpointAddress;
    acknowledgeDatabaseFindings(this, {
      multiAz: props.multiAz ?? preset.multiAz,
      iamAuthentication: props.iamAuthentication ?? false,
      customerManagedKey: props.storageEncryptionKey !== undefined,
    });
    acknowledgeStackHelpers(this);
  }

  /**
   * Lets a peer (a service, a function, a security group) connect on PostgreSQL's port.
   *
   * The peer may live in another stack: the rules are then made in the peer's stack, which
   * already depends on this one (for the endpoint and the secret), so no dependency cycle arises.
   */
  public allowFrom(peer: ec2.IConnectable): void {
    // allowTo from the peer's side places a cross-stack ingress rule in the peer's stack
    peer.connections.allowTo(this, ec2.Port.tcp(PORT), 'PostgreSQL client');
  }

  /**
   * Lets a principal connect as a database user with an IAM authentication token.
   * Needs `iamAuthentication: true`.
   *
   * @param grantee the principal
   * @param databaseUser the PostgreSQL user it connects as (granted `rds_iam` in the database)
   */
  public grantConnect(grantee: iam.IGrantable, databaseUser: string): iam.Grant {
    validateDatabaseUser(this, grantee, databaseUser, MASTER_USER);
    if (this.proxyRole) {
      // the proxy logs in as the same user, with IAM: exactly that user on this instance
      this.proxyRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['rds-db:connect'],
          resources: [
            Stack.of(this).formatArn({
              service: 'rds-db',
              resource: 'dbuser',
              resourceName: `${(this.instance.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId}/${databaseUser}`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
    return withPropContext(
      this,
      'iamAuthentication',
      'Set iamAuthentication: true to let principals connect with IAM tokens.',
      () =>
        this.proxy
          ? this.proxy.grantConnect(grantee, databaseUser)
          : this.instance.grantConnect(grantee, databaseUser),
    );
  }

  /**
   * The plain-text connection settings for a container: `DATABASE_HOST`, `DATABASE_PORT`,
   * `DATABASE_NAME`, `DATABASE_USER` and `PGSSLMODE=require`. The password is not among them:
   * use `containerSecrets()`.
   */
  public containerEnvironment(): { [name: string]: string } {
    return {
      DATABASE_HOST: this.endpoint,
      DATABASE_PORT: String(PORT),
      DATABASE_NAME: this.databaseName,
      DATABASE_USER: MASTER_USER,
      PGSSLMODE: 'require',
    };
  }

  /**
   * The password for a container, read by ECS from Secrets Manager at task start and never
   * written in the task definition: `DATABASE_PASSWORD`.
   */
  public containerSecrets(): { [name: string]: ecs.Secret } {
    return { DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(this.secret, 'password') };
  }

  /**
   * A `DATABASE_URL` for a shell to expand at container start, with the password left as the
   * variable `$DATABASE_PASSWORD` (from `containerSecrets()`), e.g. as the container command
   * `sh -c 'export DATABASE_URL="<this>"; exec node server.js'`.
   *
   * The variable is written without braces: CloudFormation reads `${NAME}` in a template as a
   * parameter of `Fn::Sub` (cfn-lint E1029), and a shell expands `$NAME` up to the `@` that follows.
   * The password generated for the database contains no character that needs URL escaping.
   *
   * @param rootCertificateFile the file the container writes `rootCertificates()` to: the URL then
   * says `sslmode=verify-full&sslrootcert=<file>` (libpq and node-postgres verify chain and host)
   * @default - `sslmode=require`: libpq does not verify the server; node-postgres verifies it
   * against Node's CAs, which lack RDS's
   */
  public databaseUrlTemplate(rootCertificateFile?: string): string {
    const tls = rootCertificateFile ? `verify-full&sslrootcert=${rootCertificateFile}` : 'require';
    return `postgres://${MASTER_USER}:$DATABASE_PASSWORD@${this.endpoint}:${PORT}/${this.databaseName}?sslmode=${tls}`;
  }

  /**
   * The PEM of the root CAs the database's certificate chains to (public, not a secret): "Amazon
   * RDS <region> Root CA RSA2048 G1" of the stack's region, or with `proxy`, the Amazon roots of
   * RDS Proxy's certificates. In a stack whose region is a token, a `Fn::FindInMap` over every
   * region cdk-shop knows; a literal region it does not know is an error.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html
   */
  public rootCertificates(): string {
    return rdsRootCertificates(this, this.proxy !== undefined);
  }

  /**
   * The read-only endpoints of the read replicas.
   */
  public get readEndpoints(): string[] {
    return this.readReplicas.map((r) => r.dbInstanceEndpointAddress);
  }
}
