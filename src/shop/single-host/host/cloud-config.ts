/**
 * The cloud-init document of a single host: the files it writes (settings, compose file, nginx,
 * Docker and CloudWatch agent configuration, scripts, units) and the command that boots it.
 *
 * Internal: not exported from the package's entry point.
 */
import * as zlib from 'zlib';
import { Token } from 'aws-cdk-lib';
import { HOST_DIR, HOST_ENV_FILE, SECRETS_ENV_FILE } from './host-paths';
import { bootstrapScript, ecrLoginScript, obtainCertificateScript } from './host-scripts';
import { backupTimer, backupUnit, certificateUnit, renewTimer, renewUnit, shopUnit } from './systemd-units';

/** EC2's limit on user data, before base64. */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

/** What the host needs to know; values may be CDK tokens resolved at deploy time. */
export interface CloudConfigOptions {
  readonly shopName: string;
  readonly region: string;
  /** CPU architecture as `uname -m` prints it. */
  readonly architecture: 'aarch64' | 'x86_64';
  readonly dataVolumeId: string;
  readonly mountPoint: string;
  readonly composeFile: string;
  /** The nginx file served until (or without) a certificate. */
  readonly nginxHttpConfig: string;
  /** The nginx file installed once the certificate exists. */
  readonly nginxTlsConfig?: string;
  readonly domainName?: string;
  readonly certificateEmail?: string;
  /** The SSM path (`/cdk-shop/<shop>/`) of the SecureString parameters the host generates. */
  readonly secretParameterPath: string;
  readonly databaseName: string;
  readonly backupBucket: string;
  readonly backupPrefix: string;
  readonly backupHourUtc: number;
  readonly metricNamespace: string;
  readonly logGroupName: string;
  /** ECR registries (`<account>.dkr.ecr.<region>.amazonaws.com`) to log in to before pulling. */
  readonly ecrRegistries: string[];
  readonly swapSizeMib: number;
  /** Image references by variable name (`STOREFRONT_IMAGE`), interpolated by compose. */
  readonly images: Record<string, string>;
  /** The S3 URL of the zip of assets/host (the host scripts), downloaded at boot. */
  readonly hostScriptsUrl: string;
}

/**
 * Renders the cloud-init document (`#cloud-config`) that turns a fresh Amazon Linux 2023
 * instance into the shop host.
 *
 * Secrets are never in it: the host generates them once into SSM Parameter Store (SecureString)
 * and reads them at service start.
 * Scripts are gzip+base64 encoded to stay well under EC2's 16 KB user data limit.
 */
export function renderCloudConfig(o: CloudConfigOptions): string {
  const hostEnv = [
    `SHOP_NAME=${o.shopName}`,
    `AWS_REGION=${o.region}`,
    `AWS_DEFAULT_REGION=${o.region}`,
    `SECRET_PARAMETER_PATH=${o.secretParameterPath}`,
    `ENV_FILE=${SECRETS_ENV_FILE}`,
    `DATABASE_NAME=${o.databaseName}`,
    `BACKUP_BUCKET=${o.backupBucket}`,
    `BACKUP_PREFIX=${o.backupPrefix}`,
    `METRIC_NAMESPACE=${o.metricNamespace}`,
    `LOG_GROUP_NAME=${o.logGroupName}`,
    `DATA_VOLUME_ID=${o.dataVolumeId}`,
    `MOUNT_POINT=${o.mountPoint}`,
    `ECR_REGISTRIES="${o.ecrRegistries.join(' ')}"`,
    `DOMAIN_NAME=${o.domainName ?? ''}`,
    `CERTIFICATE_EMAIL=${o.certificateEmail ?? ''}`,
    `COMPOSE_FILE=${HOST_DIR}/compose.yaml`,
    `SWAP_MIB=${o.swapSizeMib}`,
    `HOST_SCRIPTS_URL=${o.hostScriptsUrl}`,
    // Dumps are written and read on the data volume, so a large one cannot fill the small root.
    `BACKUP_WORK_DIR=${o.mountPoint}/tmp`,
    `RESTORE_WORK_DIR=${o.mountPoint}/tmp`,
    ...Object.entries(o.images).map(([name, image]) => `${name}=${image}`),
  ].join('\n');

  const files: WriteFile[] = [
    { path: HOST_ENV_FILE, permissions: '0644', content: hostEnv + '\n' },
    { path: `${HOST_DIR}/compose.yaml`, permissions: '0644', content: o.composeFile },
    { path: '/etc/nginx/nginx.conf', permissions: '0644', content: nginxMainConfig() },
    { path: `${HOST_DIR}/nginx-http.conf`, permissions: '0644', content: o.nginxHttpConfig },
    ...(o.nginxTlsConfig
      ? [{ path: `${HOST_DIR}/nginx-tls.conf`, permissions: '0644', content: o.nginxTlsConfig }]
      : []),
    { path: '/etc/docker/daemon.json', permissions: '0644', content: dockerDaemonConfig(o) },
    { path: `${HOST_DIR}/bin/bootstrap.sh`, permissions: '0755', content: bootstrapScript(o.architecture) },
    { path: `${HOST_DIR}/bin/ecr-login.sh`, permissions: '0755', content: ecrLoginScript() },
    {
      path: `${HOST_DIR}/bin/obtain-certificate.sh`,
      permissions: '0755',
      content: obtainCertificateScript(),
    },
    { path: '/etc/systemd/system/cdk-shop.service', permissions: '0644', content: shopUnit(o) },
    { path: '/etc/systemd/system/cdk-shop-backup.service', permissions: '0644', content: backupUnit() },
    { path: '/etc/systemd/system/cdk-shop-backup.timer', permissions: '0644', content: backupTimer(o) },
    {
      path: '/etc/systemd/system/cdk-shop-certificate.service',
      permissions: '0644',
      content: certificateUnit(),
    },
    { path: '/etc/systemd/system/certbot-renew.service', permissions: '0644', content: renewUnit() },
    { path: '/etc/systemd/system/certbot-renew.timer', permissions: '0644', content: renewTimer() },
    {
      path: '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json',
      permissions: '0644',
      content: JSON.stringify(cloudWatchAgentConfig(o), undefined, 2) + '\n',
    },
  ];

  const lines = [
    '#cloud-config',
    '# cdk-shop single host. Secrets live in SSM Parameter Store (SecureString), never here.',
    'write_files:',
    ...files.flatMap(writeFileYaml),
    'runcmd:',
    `  - [bash, ${HOST_DIR}/bin/bootstrap.sh]`,
  ];
  return lines.join('\n') + '\n';
}

interface WriteFile {
  readonly path: string;
  readonly permissions: string;
  readonly content: string;
}

/**
 * A write_files entry: gzip+base64 where the content is fully known at synth, plain text
 * where it holds CloudFormation references resolved at deploy time.
 */
function writeFileYaml(file: WriteFile): string[] {
  const head = [`  - path: ${file.path}`, `    permissions: '${file.permissions}'`, '    owner: root:root'];
  if (!Token.isUnresolved(file.content)) {
    const encoded = zlib.gzipSync(Buffer.from(file.content), { level: 9 }).toString('base64');
    return [...head, '    encoding: gz+b64', `    content: ${encoded}`];
  }
  return [
    ...head,
    '    content: |',
    ...file.content
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `      ${l}`),
  ];
}

/** Docker's settings: images, containers and volumes on the data volume, not the small root. */
function dockerDaemonConfig(o: CloudConfigOptions): string {
  return JSON.stringify({ 'data-root': `${o.mountPoint}/docker` }, undefined, 2) + '\n';
}

/**
 * The main nginx configuration. Amazon Linux's own carries a default server on port 80
 * (IPv4 and IPv6) that would answer beside the shop's; this one has none.
 */
export function nginxMainConfig(): string {
  return `user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log notice;
pid /run/nginx.pid;
include /usr/share/nginx/modules/*.conf;

events {
  worker_connections 1024;
}

http {
  log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                  '"$http_referer" "$http_user_agent" $request_time';
  access_log /var/log/nginx/access.log main;
  sendfile on;
  tcp_nopush on;
  types_hash_max_size 4096;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  include /etc/nginx/conf.d/*.conf;
}
`;
}

function cloudWatchAgentConfig(o: CloudConfigOptions) {
  return {
    agent: { metrics_collection_interval: 60, run_as_user: 'root' },
    metrics: {
      namespace: o.metricNamespace,
      // Published dimensions: InstanceId on memory; InstanceId, path and fstype (xfs) on disk.
      // No aggregation, so each metric is published once (custom metrics cost $0.30/month), and
      // only metrics an alarm watches: the bill then holds exactly what the estimate prices.
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        // The data volume only: Docker and the dumps live there; the root holds the system and swap.
        disk: { measurement: ['used_percent'], resources: [o.mountPoint], drop_device: true },
      },
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            {
              file_path: '/var/log/nginx/access.log',
              log_group_name: o.logGroupName,
              log_stream_name: '{instance_id}/nginx-access',
            },
            {
              file_path: '/var/log/nginx/error.log',
              log_group_name: o.logGroupName,
              log_stream_name: '{instance_id}/nginx-error',
            },
            {
              file_path: '/var/log/cloud-init-output.log',
              log_group_name: o.logGroupName,
              log_stream_name: '{instance_id}/cloud-init',
            },
          ],
        },
      },
    },
  };
}
