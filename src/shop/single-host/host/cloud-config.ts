import * as path from 'path';
import * as zlib from 'zlib';
import { Token } from 'aws-cdk-lib';

/** Where the host keeps the shop's files. */
export const HOST_DIR = '/opt/cdk-shop';
/** Non-secret settings every host script reads. */
export const HOST_ENV_FILE = '/etc/cdk-shop/host.env';
/** Secrets written at service start, on tmpfs, mode 0600. */
export const SECRETS_ENV_FILE = '/run/cdk-shop/shop.env';
/** The nginx server file. */
export const NGINX_CONF = '/etc/nginx/conf.d/shop.conf';
/** The webroot certbot answers HTTP-01 challenges from. */
export const ACME_WEBROOT = '/var/www/certbot';

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

/** Versions of what the host downloads, pinned so every host is built the same. */
export const HOST_VERSIONS = {
  compose: 'v2.29.7',
  certbot: '2.11.0',
};

/**
 * The sha256 of each Docker compose plugin binary (`docker-compose-linux-<uname -m>`) of
 * `HOST_VERSIONS.compose`, embedded so a binary swapped on the download server (with its
 * `.sha256` file beside it) is refused.
 *
 * Source: the Docker Official Image `docker` (github.com/docker-library/docker), versions.json at
 * commit fa5b61523d780d83e8ef83387785e007bd7c3c78 ("Update 27 to compose 2.29.7", 2024-09-20,
 * Docker Library Bot), which its versions.sh copies from the release's checksums.txt
 * (github.com/docker/compose/releases/download/v2.29.7/checksums.txt). Update both together.
 */
export const COMPOSE_SHA256: Record<CloudConfigOptions['architecture'], string> = {
  aarch64: '6e9fbd5daa20dca5d7d89145081ae8155d68ef2928b497d9f85b54fe0f9dbb2c',
  x86_64: '383ce6698cd5d5bbf958d2c8489ed75094e34a77d340404d9f32c4ae9e12baf0',
};

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

/** The folder of host scripts shipped in the package (assets/host). */
export const HOST_SCRIPTS_DIR = path.join(__dirname, '..', '..', '..', '..', 'assets', 'host');

/**
 * First-boot provisioning: data volume, swap, Docker + compose, nginx, certbot,
 * CloudWatch agent, then the shop's units.
 */
export function bootstrapScript(architecture: CloudConfigOptions['architecture']): string {
  return `#!/bin/bash
# First boot of a cdk-shop host (Amazon Linux 2023). Safe to run again.
set -euo pipefail
set -a
# shellcheck source=/dev/null
source ${HOST_ENV_FILE}
set +a

# 1. The host scripts (a zip of assets/host in the CDK asset bucket), then the data volume
#    (PostgreSQL, Redis, uploads): attach, never reformat, mount.
aws s3 cp --only-show-errors "$HOST_SCRIPTS_URL" /tmp/host-scripts.zip
python3 -m zipfile -e /tmp/host-scripts.zip ${HOST_DIR}/bin/
chmod 0755 ${HOST_DIR}/bin/*.sh
${HOST_DIR}/bin/attach-data-volume.sh

# 2. Swap on the root volume: builds and bursts must not kill PostgreSQL.
if [ ! -f /swapfile ]; then
  dd if=/dev/zero of=/swapfile bs=1M count="\${SWAP_MIB:-2048}" status=none
  chmod 600 /swapfile
  mkswap /swapfile
  echo '/swapfile none swap sw 0 0' >> /etc/fstab
fi
swapon -a

# 3. Packages from the Amazon Linux repositories.
dnf install -y docker nginx amazon-cloudwatch-agent python3 augeas-libs

# 4. The Docker compose plugin, pinned by version and by the sha256 embedded here (never by a
#    checksum downloaded from the same place as the binary).
if [ "$(uname -m)" != ${architecture} ]; then
  echo "bootstrap: this host is $(uname -m), the shop was synthesized for ${architecture}" >&2
  exit 1
fi
plugin_dir=/usr/libexec/docker/cli-plugins
mkdir -p "$plugin_dir"
if ! docker compose version 2>/dev/null | grep -q "${HOST_VERSIONS.compose}"; then
  curl -fsSL --retry 5 -o /tmp/docker-compose \
    https://github.com/docker/compose/releases/download/${HOST_VERSIONS.compose}/docker-compose-linux-${architecture}
  echo "${COMPOSE_SHA256[architecture]}  /tmp/docker-compose" | sha256sum -c -
  install -m 0755 /tmp/docker-compose "$plugin_dir/docker-compose"
fi
# Docker keeps images and containers on the data volume (daemon.json), so it starts after the mount.
mkdir -p "$MOUNT_POINT/docker" "$MOUNT_POINT/tmp"
chmod 0700 "$MOUNT_POINT/tmp"
mkdir -p /etc/systemd/system/docker.service.d
printf '[Unit]\nRequiresMountsFor=%s\n' "$MOUNT_POINT" > /etc/systemd/system/docker.service.d/cdk-shop.conf
systemctl daemon-reload
systemctl enable --now docker

# 5. certbot in its own virtual environment (not packaged for Amazon Linux 2023).
if [ -n "$DOMAIN_NAME" ] && [ ! -x /opt/certbot/bin/certbot ]; then
  python3 -m venv /opt/certbot
  /opt/certbot/bin/pip install --quiet "certbot==${HOST_VERSIONS.certbot}"
  ln -sf /opt/certbot/bin/certbot /usr/local/bin/certbot
fi

# 6. nginx: HTTP first; TLS once the certificate exists. The site is rendered for nginx 1.25.1+
#    (\`http2 on;\`); an older nginx gets the \`listen ... http2\` form instead.
${HOST_DIR}/bin/nginx-http2-compat.sh ${HOST_DIR}/nginx-http.conf ${HOST_DIR}/nginx-*.conf
mkdir -p ${ACME_WEBROOT}
rm -f /etc/nginx/conf.d/default.conf
if [ -n "$DOMAIN_NAME" ] && [ -f "/etc/letsencrypt/live/$DOMAIN_NAME/fullchain.pem" ]; then
  cp ${HOST_DIR}/nginx-tls.conf ${NGINX_CONF}
else
  cp ${HOST_DIR}/nginx-http.conf ${NGINX_CONF}
fi
nginx -t
systemctl enable --now nginx

# 7. Metrics (memory, swap, disk) and logs.
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \\
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

# 8. The shop, its backups and its certificate.
systemctl daemon-reload
systemctl enable --now cdk-shop.service cdk-shop-backup.timer
# A first backup now: proves the chain works and starts the backup alarm's clock.
systemctl start --no-block cdk-shop-backup.service
if [ -n "$DOMAIN_NAME" ]; then
  systemctl enable --now cdk-shop-certificate.service certbot-renew.timer
fi
`;
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

/** Logs Docker in to each ECR registry the shop pulls from. */
export function ecrLoginScript(): string {
  return `#!/bin/bash
# Logs Docker in to the ECR registries in ECR_REGISTRIES (space-separated).
set -euo pipefail
for registry in \${ECR_REGISTRIES:-}; do
  aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$registry"
done
`;
}

/** Obtains the Let's Encrypt certificate, then switches nginx to TLS. */
export function obtainCertificateScript(): string {
  return `#!/bin/bash
# Obtains the certificate for DOMAIN_NAME (HTTP-01 through nginx), then serves HTTPS.
# systemd retries it until DNS points at this host.
set -euo pipefail
live="/etc/letsencrypt/live/$DOMAIN_NAME/fullchain.pem"
if [ ! -f "$live" ]; then
  certbot certonly --webroot --webroot-path ${ACME_WEBROOT} --domain "$DOMAIN_NAME" \\
    --email "$CERTIFICATE_EMAIL" --agree-tos --non-interactive --keep-until-expiring
fi
cp ${HOST_DIR}/nginx-tls.conf ${NGINX_CONF}
nginx -t
systemctl reload nginx
`;
}

function shopUnit(o: CloudConfigOptions): string {
  const ecrLogin = o.ecrRegistries.length > 0 ? `ExecStartPre=${HOST_DIR}/bin/ecr-login.sh\n` : '';
  return `[Unit]
Description=cdk-shop containers (docker compose)
Requires=docker.service
After=docker.service network-online.target
Wants=network-online.target
RequiresMountsFor=${o.mountPoint}

[Service]
Type=oneshot
RemainAfterExit=yes
EnvironmentFile=${HOST_ENV_FILE}
ExecStartPre=${HOST_DIR}/bin/shop-secrets.sh
${ecrLogin}ExecStart=/usr/bin/docker compose --file ${HOST_DIR}/compose.yaml up --detach --remove-orphans
ExecStop=/usr/bin/docker compose --file ${HOST_DIR}/compose.yaml stop
TimeoutStartSec=900

[Install]
WantedBy=multi-user.target
`;
}

function backupUnit(): string {
  return `[Unit]
Description=cdk-shop PostgreSQL backup to S3
Requires=cdk-shop.service
After=cdk-shop.service

[Service]
Type=oneshot
EnvironmentFile=${HOST_ENV_FILE}
ExecStart=${HOST_DIR}/bin/shop-backup.sh
`;
}

function backupTimer(o: CloudConfigOptions): string {
  const hour = String(o.backupHourUtc).padStart(2, '0');
  return `[Unit]
Description=Daily cdk-shop backup

[Timer]
OnCalendar=*-*-* ${hour}:00:00 UTC
RandomizedDelaySec=600
Persistent=true

[Install]
WantedBy=timers.target
`;
}

function certificateUnit(): string {
  return `[Unit]
Description=Obtain the shop's Let's Encrypt certificate
After=nginx.service network-online.target
Wants=network-online.target
StartLimitIntervalSec=0

[Service]
Type=oneshot
RemainAfterExit=yes
EnvironmentFile=${HOST_ENV_FILE}
ExecStart=${HOST_DIR}/bin/obtain-certificate.sh
Restart=on-failure
RestartSec=300

[Install]
WantedBy=multi-user.target
`;
}

function renewUnit(): string {
  return `[Unit]
Description=Renew Let's Encrypt certificates and reload nginx

[Service]
Type=oneshot
ExecStart=/usr/local/bin/certbot renew --quiet --deploy-hook "systemctl reload nginx"
`;
}

function renewTimer(): string {
  return `[Unit]
Description=Twice-daily certificate renewal check

[Timer]
OnCalendar=*-*-* 00,12:00:00
RandomizedDelaySec=3600
Persistent=true

[Install]
WantedBy=timers.target
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
