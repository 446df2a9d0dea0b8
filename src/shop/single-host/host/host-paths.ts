/**
 * Where a single host keeps the shop's files, as the cloud-init document, the host scripts and
 * the systemd units name them.
 *
 * Internal: not exported from the package's entry point.
 */
import * as path from 'path';

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

/** The folder of host scripts shipped in the package (assets/host). */
export const HOST_SCRIPTS_DIR = path.join(__dirname, '..', '..', '..', '..', 'assets', 'host');
