import { CfnOutput, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { renderCloudConfig, USER_DATA_LIMIT_BYTES } from './host/cloud-config';
import { renderComposeFile } from './host/compose-file';
import { HOST_SCRIPTS_DIR } from './host/host-paths';
import { renderNginxConfig } from './host/nginx-config';
import { createHostAlarms, hostMetric, hostRecoveryRule, newAlarmTopic } from './single-host-alarms';
import { backupLifecycle } from './single-host-backups';
import { resolveSingleHost } from './single-host-defaults';
import { acknowledgeSingleHostFindings } from './single-host-findings';
import { composeOptions, nginxOptions, renderFor } from './single-host-rendering';
import { SingleHostShopProps } from './single-host-shop-props';
import { validateSingleHostShopProps } from './single-host-validation';
import { ShopBackup } from '../../backup';
import { NetworkProfile, ShopNetwork } from '../../network';
import { withPropContext } from '../../private/errors';
import { METRIC_NAMESPACE } from '../../private/shop-defaults';
import type { IServerShop } from '../base/shop';
import type { ShopImageConfig } from '../base/shop-image';

/**
 * A whole shop on one Graviton EC2 host, for $18.47 a month with the defaults (`CostEstimator`
 * at us-east-1 list prices).
 *
 * The host runs the storefront, the backend (and optionally a worker), PostgreSQL and
 * Redis with Docker compose behind nginx, with a Let's Encrypt certificate when given a
 * domain. Data lives on a separate encrypted volume that survives instance replacement and
 * stack deletion; PostgreSQL is dumped to S3 daily and the volume snapshotted by AWS Backup.
 * There is no SSH: use SSM Session Manager.
 *
 * @example
 * new SingleHostShop(this, 'Shop', {
 *   storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
 *   backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
 *   domainName: 'shop.example.com',
 *   certificateEmail: 'ops@example.com',
 *   alarmEmail: 'ops@example.com',
 * });
 */
export class SingleHostShop extends Construct implements IServerShop {
  /** The EC2 instance. */
  public readonly instance: ec2.Instance;
  /** The encrypted data volume (PostgreSQL, Redis, uploads), retained on stack deletion. */
  public readonly dataVolume: ec2.Volume;
  /** The Elastic IP of the host. */
  public readonly elasticIp: ec2.CfnEIP;
  /** The bucket that keeps the database dumps. */
  public readonly backupBucket: s3.Bucket;
  /** The AWS Backup vault and plan that snapshot the data volume daily. */
  public readonly volumeBackup: ShopBackup;
  /** The log group of the containers, nginx and boot logs. */
  public readonly logGroup: logs.LogGroup;
  /** The security group of the host: 80 and 443 only. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The role of the host. */
  public readonly role: iam.Role;
  /**
   * The SSM Parameter Store path of the shop's generated secrets, such as `/cdk-shop/<shop>/`:
   * SecureString parameters `POSTGRES_PASSWORD`, `JWT_SECRET` and `COOKIE_SECRET`, which the host
   * generates on its first boot (CloudFormation cannot create SecureString parameters) and every
   * later host reads. They are not stack resources, so they outlive instance replacement and
   * stack deletion, like the data volume whose database they open.
   */
  public readonly secretParameterPath: string;
  /** The topic alarms go to. */
  public readonly alarmTopic: sns.ITopic;
  /**
   * Notifies the alarm topic of EC2's simplified automatic recovery of the host (success or
   * failure), which moves the instance to healthy hardware when the system status check fails.
   */
  public readonly recoveryEventRule: events.Rule;
  /** Fires when no database backup succeeded for 26 hours. */
  public readonly backupAlarm: cloudwatch.Alarm;
  /** Every alarm the shop created: the instance status check, backup, memory and the data volume. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The network created for the shop; undefined with `vpc`. */
  public readonly network?: ShopNetwork;
  /** The VPC the host runs in. */
  public readonly vpc: ec2.IVpc;
  /** The shop's URL: https://domain, or http://elastic-ip without a domain. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: SingleHostShopProps) {
    super(scope, id);
    const resolved = resolveSingleHost(props);
    const arm = validateSingleHostShopProps(this, props, resolved);
    const instanceType = resolved.instanceType;

    const stack = Stack.of(this);
    const shopName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }).toLowerCase();
    const retentionDays = resolved.backupRetention.toDays();
    const backupHourUtc = resolved.backupHourUtc;
    const databaseName = resolved.databaseName;

    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      this.network = new ShopNetwork(this, 'Network', { profile: NetworkProfile.SINGLE_PUBLIC_SUBNET });
      this.vpc = this.network.vpc;
    }
    const subnet = this.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC })
      .subnets[0];

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `cdk-shop host ${shopName}`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: 'cdk-shop host: HTTP and HTTPS only, no SSH (use SSM Session Manager)',
      allowAllOutbound: true,
    });
    for (const peer of [ec2.Peer.anyIpv4(), ec2.Peer.anyIpv6()]) {
      this.securityGroup.addIngressRule(peer, ec2.Port.tcp(80), 'HTTP (redirects to HTTPS, ACME challenges)');
      this.securityGroup.addIngressRule(peer, ec2.Port.tcp(443), 'HTTPS');
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: resolved.logRetention });

    // The host generates the secrets into this path and reads them back (encrypted with the AWS
    // managed key aws/ssm, whose key policy admits the account's principals through SSM).
    this.secretParameterPath = `/cdk-shop/${shopName}/`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: [
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `cdk-shop/${shopName}/*` }),
        ],
      }),
    );

    this.backupBucket = new s3.Bucket(this, 'BackupBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [backupLifecycle(retentionDays)],
    });
    const backupPrefix = 'postgres';
    // Write and read dumps under the prefix (restore reads them), list only the prefix.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.backupBucket.arnForObjects(`${backupPrefix}/*`)],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.backupBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${backupPrefix}/*`] } },
      }),
    );

    this.dataVolume = new ec2.Volume(this, 'DataVolume', {
      availabilityZone: withPropContext(
        this,
        'vpcSubnets',
        'Import the subnet with Subnet.fromSubnetAttributes and its availabilityZone.',
        () => subnet.availabilityZone,
      ),
      size: resolved.dataVolumeSize,
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An asset image is defined here and pulled from the assets repository: pull rights on the
    // repositories of the shop's images only.
    const storefrontImage = props.storefront?.image.bind(this);
    const backendImage = props.backend?.image.bind(this);
    const images = [storefrontImage, backendImage].filter((i): i is ShopImageConfig => !!i);
    images.forEach((image) => image.repository?.grantPull(this.role));
    const ecrRegistries = [
      ...new Set(images.filter((i) => i.repository).map((i) => i.repository!.repositoryUri.split('/')[0])),
    ];

    const hostScripts = new s3Assets.Asset(this, 'HostScripts', { path: HOST_SCRIPTS_DIR });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [hostScripts.bucket.arnForObjects(hostScripts.s3ObjectKey)],
      }),
    );

    // The props passed the renderers' own rules in validation; a renderer error would still name
    // the prop it came from.
    const composeFile = renderFor(this, () => renderComposeFile(composeOptions(props, resolved)));
    const nginx = nginxOptions(props, resolved);
    const userData = ec2.UserData.custom(
      renderCloudConfig({
        shopName,
        region: stack.region,
        architecture: arm ? 'aarch64' : 'x86_64',
        dataVolumeId: this.dataVolume.volumeId,
        mountPoint: '/data',
        composeFile,
        nginxHttpConfig: renderFor(this, () => renderNginxConfig(nginx)),
        nginxTlsConfig: props.domainName
          ? renderFor(this, () =>
              renderNginxConfig({
                ...nginx,
                tls: {
                  certificatePath: `/etc/letsencrypt/live/${props.domainName}/fullchain.pem`,
                  keyPath: `/etc/letsencrypt/live/${props.domainName}/privkey.pem`,
                },
              }),
            )
          : undefined,
        domainName: props.domainName,
        certificateEmail: props.certificateEmail,
        secretParameterPath: this.secretParameterPath,
        databaseName,
        backupBucket: this.backupBucket.bucketName,
        backupPrefix,
        backupHourUtc,
        metricNamespace: METRIC_NAMESPACE,
        logGroupName: this.logGroup.logGroupName,
        ecrRegistries,
        swapSizeMib: resolved.swapSize.toMebibytes(),
        hostScriptsUrl: hostScripts.s3ObjectUrl,
        images: {
          ...(storefrontImage ? { STOREFRONT_IMAGE: storefrontImage.imageName } : {}),
          ...(backendImage ? { BACKEND_IMAGE: backendImage.imageName } : {}),
        },
      }),
    );
    // Deploy-time values stand as short placeholders at synth: count each as 100 bytes
    // (the longest, a bucket name or a volume id, is under 70).
    const rendered = userData.render();
    const userDataBytes = Buffer.byteLength(rendered) + (rendered.match(/\$\{Token\[/g) ?? []).length * 100;
    if (userDataBytes > USER_DATA_LIMIT_BYTES) {
      throw new Error(
        `${this.node.path}: the host's user data is ${userDataBytes} bytes, over EC2's limit of ${USER_DATA_LIMIT_BYTES}. ` +
          "Shorten the containers' environment (storefront/backend/worker.environment), or bake settings into the images.",
      );
    }

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: this.vpc,
      vpcSubnets: { subnets: [subnet] },
      instanceType,
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType: arm ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
      }),
      role: this.role,
      securityGroup: this.securityGroup,
      detailedMonitoring: false,
      associatePublicIpAddress: false,
      userData,
      userDataCausesReplacement: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(resolved.rootVolumeSize.toGibibytes(), {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    // IMDSv2 only, and a hop limit of 1 so containers cannot reach the host's credentials.
    (this.instance.node.defaultChild as ec2.CfnInstance).metadataOptions = {
      httpTokens: 'required',
      httpEndpoint: 'enabled',
      httpPutResponseHopLimit: 1,
    };
    // The host attaches the data volume itself at boot, so replacing the instance never
    // replaces or detaches-and-loses the volume: the new host waits until the old one lets go.
    this.dataVolume.grantAttachVolumeByResourceTag(this.role, [this.instance]);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ec2:DescribeVolumes'], resources: ['*'] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [this.logGroup.logGroupArn, `${this.logGroup.logGroupArn}:log-stream:*`],
      }),
    );

    this.elasticIp = new ec2.CfnEIP(this, 'ElasticIp', {
      domain: 'vpc',
      instanceId: this.instance.instanceId,
      tags: [{ key: 'Name', value: `${shopName}` }],
    });

    if (props.hostedZone && props.domainName) {
      new route53.ARecord(this, 'ARecord', {
        zone: props.hostedZone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromIpAddresses(this.elasticIp.attrPublicIp),
        ttl: Duration.minutes(5),
      });
    }

    // Snapshots an hour after the dump, kept as long.
    this.volumeBackup = new ShopBackup(this, 'VolumeBackup', {
      resources: [
        backup.BackupResource.fromArn(
          stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: this.dataVolume.volumeId }),
        ),
      ],
      dailyRetention: Duration.days(retentionDays),
      scheduleHourUtc: (backupHourUtc + 1) % 24,
    });
    this.alarmTopic = props.alarmTopic ?? newAlarmTopic(this, props.alarmEmail);
    const alarms = createHostAlarms(this, shopName);
    this.backupAlarm = alarms.backup;
    this.alarms = [alarms.reboot, alarms.backup, alarms.memory, alarms.dataDisk];
    this.recoveryEventRule = hostRecoveryRule(this);

    this.url = props.domainName ? `https://${props.domainName}` : `http://${this.elasticIp.attrPublicIp}`;
    this.outputs(props);
    acknowledgeSingleHostFindings(this, resolved.logRetention);
  }

  /** The host's CPU utilization (AWS/EC2 CPUUtilization of the instance), 5-minute averages. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensionsMap: { InstanceId: this.instance.instanceId },
      statistic: 'Average',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * The host's memory utilization (the CloudWatch agent's mem_used_percent, the metric the memory
   * alarm watches), 5-minute averages.
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return hostMetric(this, 'mem_used_percent', {}, props);
  }

  private outputs(props: SingleHostShopProps): void {
    new CfnOutput(this, 'ShopUrl', {
      value: this.url,
      description: props.domainName
        ? 'The shop, over HTTPS once DNS points at the Elastic IP and the certificate is issued'
        : 'The shop over plain HTTP: no domainName was given, so there is no TLS certificate',
    });
    new CfnOutput(this, 'ElasticIpAddress', { value: this.elasticIp.attrPublicIp });
    new CfnOutput(this, 'InstanceId', { value: this.instance.instanceId });
    new CfnOutput(this, 'SsmSessionCommand', {
      value: `aws ssm start-session --target ${this.instance.instanceId} --region ${Stack.of(this).region}`,
      description: 'Open a shell on the host (no SSH port is open)',
    });
    new CfnOutput(this, 'BackupBucketName', { value: this.backupBucket.bucketName });
  }
}
