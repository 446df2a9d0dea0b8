/**
 * The scripts the cloud-init document writes onto a single host: first-boot provisioning,
 * the ECR login and the Let's Encrypt certificate (the rest ship in assets/host).
 *
 * Internal: not exported from the package's entry point.
 */
import type { CloudConfigOptions } from './cloud-config';
import { ACME_WEBROOT, HOST_DIR, HOST_ENV_FILE, NGINX_CONF } from './host-paths';

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
