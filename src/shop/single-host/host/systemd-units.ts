/**
 * The systemd units and timers of a single host: the shop's containers, the daily backup and
 * the certificate (obtained once, renewed twice a day).
 *
 * Internal: not exported from the package's entry point.
 */
import type { CloudConfigOptions } from './cloud-config';
import { HOST_DIR, HOST_ENV_FILE } from './host-paths';

/** The shop's containers: secrets, then the ECR login where images come from ECR, then `docker compose up`. */
export function shopUnit(o: CloudConfigOptions): string {
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

/** One backup of PostgreSQL to S3, after the shop is up. */
export function backupUnit(): string {
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

/** The daily backup at `backupHourUtc`, caught up after downtime. */
export function backupTimer(o: CloudConfigOptions): string {
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

/** Obtains the certificate, retried every five minutes until DNS points at the host. */
export function certificateUnit(): string {
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

/** Renews the certificate when due and reloads nginx. */
export function renewUnit(): string {
  return `[Unit]
Description=Renew Let's Encrypt certificates and reload nginx

[Service]
Type=oneshot
ExecStart=/usr/local/bin/certbot renew --quiet --deploy-hook "systemctl reload nginx"
`;
}

/** The twice-daily renewal check. */
export function renewTimer(): string {
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
