/**
 * Renders the nginx site of a single-host shop (`/etc/nginx/conf.d/shop.conf`).
 *
 * Internal: not exported from the package's entry point.
 */
import { ACME_PATH, isPort, pathPrefixesProblem } from './host-rules';

/** TLS files of the site (Let's Encrypt writes them under `/etc/letsencrypt/live/<domain>/`). */
export interface NginxTlsOptions {
  /** The certificate chain (`fullchain.pem`). */
  readonly certificatePath: string;
  /** The private key (`privkey.pem`). */
  readonly keyPath: string;
}

/** What the nginx site needs to know. */
export interface NginxConfigOptions {
  /**
   * The shop's domain names, separated by spaces.
   *
   * @default - any host (`server_name _;`)
   */
  readonly serverName?: string;
  /**
   * Serve HTTPS with these files. Port 80 then only answers ACME HTTP-01 challenges from
   * `acmeWebroot` and redirects everything else (301) to HTTPS; port 443 serves HTTP/2 with HSTS.
   *
   * @default - HTTP only: port 80 proxies to the shop (and still answers ACME challenges)
   */
  readonly tls?: NginxTlsOptions;
  /**
   * The address nginx listens on.
   *
   * @default - every IPv4 address
   */
  readonly listenAddress?: string;
  /** @default 80 */
  readonly httpPort?: number;
  /** @default 443 */
  readonly httpsPort?: number;
  /** The storefront, `host:port` (e.g. `127.0.0.1:3000`): every path not routed to the backend. */
  readonly storefrontUpstream: string;
  /** The backend, `host:port` (e.g. `127.0.0.1:9000`). */
  readonly backendUpstream: string;
  /**
   * Paths routed to the backend: `/store` routes `/store` and `/store/...`, never `/storefront`.
   * Each starts with `/`, has no trailing slash and only letters, digits and `. _ ~ -` between slashes.
   */
  readonly backendPathPrefixes: string[];
  /**
   * The largest request body nginx accepts (product image uploads); larger ones get 413.
   *
   * @default 50
   */
  readonly clientMaxBodySizeMb?: number;
  /**
   * The folder ACME HTTP-01 challenges are served from (`/.well-known/acme-challenge/<token>`).
   *
   * @default '/var/www/certbot'
   */
  readonly acmeWebroot?: string;
}

/**
 * The oldest nginx the rendered site runs on as rendered: 1.25.1 introduced `http2 on;` and made
 * `listen ... http2` print a deprecation warning. Amazon Linux 2023 shipped nginx 1.24.0 at GA
 * (release notes 2023.0.20230607, amazonlinux/amazon-linux-2023), then 1.26.3-1.amzn2023.0.1
 * (2025) and 1.28.x-1.amzn2023 (dnf logs from late 2025 on); the host installs the nginx of the
 * newest AMI's repository (`latestAmazonLinux2023`), and assets/host/nginx-http2-compat.sh
 * rewrites the site to `listen ... ssl http2;` on anything older, so both are warning-free.
 */
export const NGINX_MINIMUM_VERSION = '1.25.1';

/** Unresolved CDK string tokens (`${Token[...]}`): resolved at deploy time, so never validated here. */
const TOKEN = /\$\{Token\[[a-zA-Z0-9:._-]+\]\}/g;
const untokenized = (value: string): string => value.replace(TOKEN, 'token');

const SECURITY_HEADERS = [
  'add_header X-Content-Type-Options "nosniff" always;',
  'add_header X-Frame-Options "SAMEORIGIN" always;',
  'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
];

const GZIP_TYPES = [
  'text/plain',
  'text/css',
  'text/xml',
  'text/javascript',
  'application/javascript',
  'application/json',
  'application/xml',
  'application/rss+xml',
  'application/manifest+json',
  'image/svg+xml',
];

// Mozilla's "intermediate" cipher suites for TLS 1.2 (TLS 1.3 suites are not configurable here).
const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * Renders the http-level nginx file of the shop: upstreams and server blocks routing the backend's
 * path prefixes to the backend and everything else to the storefront.
 *
 * Every directive that distributions also set at http level (gzip, server_tokens, ssl_*) is set
 * per server, so the file can be included by Debian's and Amazon Linux's stock nginx.conf alike.
 *
 * @throws Error when an option is invalid, naming the option
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  const o = validate(options);
  const listen = (port: number) => (o.listenAddress ? `${o.listenAddress}:${port}` : `${port}`);
  const acme = block(`location ^~ ${ACME_PATH}`, [
    `root ${quote(o.acmeWebroot)};`,
    'default_type text/plain;',
    'try_files $uri =404;',
  ]);

  const common = [
    `server_name ${o.serverName};`,
    'server_tokens off;',
    `client_max_body_size ${o.clientMaxBodySizeMb}m;`,
    'client_header_timeout 30s;',
    'client_body_timeout 60s;',
    'send_timeout 60s;',
    'keepalive_timeout 65s;',
    '',
    'gzip on;',
    'gzip_vary on;',
    'gzip_proxied any;',
    'gzip_comp_level 5;',
    'gzip_min_length 1024;',
    `gzip_types ${GZIP_TYPES.join(' ')};`,
    '',
    ...SECURITY_HEADERS,
  ];

  const proxy = [
    'proxy_http_version 1.1;',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Host $host;',
    'proxy_set_header Upgrade $http_upgrade;',
    'proxy_set_header Connection $shop_connection_upgrade;',
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 60s;',
    'proxy_read_timeout 60s;',
    'proxy_hide_header X-Powered-By;',
    '',
    ...o.backendPathPrefixes.flatMap((prefix) => [
      block(`location = ${prefix}`, ['proxy_pass http://shop_backend;']),
      block(`location ^~ ${prefix}/`, ['proxy_pass http://shop_backend;']),
    ]),
    block('location /', ['proxy_pass http://shop_storefront;']),
  ];

  const servers: string[] = [];
  if (o.tls) {
    const redirectPort = o.httpsPort === 443 ? '' : `:${o.httpsPort}`;
    servers.push(
      block('server', [
        `listen ${listen(o.httpPort)};`,
        ...common,
        '',
        acme,
        block('location /', [`return 301 https://$host${redirectPort}$request_uri;`]),
      ]),
      block('server', [
        `listen ${listen(o.httpsPort)} ssl;`,
        // nginx 1.25.1 made HTTP/2 a server directive and deprecated `listen ... http2`; Amazon
        // Linux 2023 installs a newer nginx (see NGINX_MINIMUM_VERSION).
        'http2 on;',
        ...common,
        'add_header Strict-Transport-Security "max-age=63072000" always;',
        '',
        `ssl_certificate ${quote(o.tls.certificatePath)};`,
        `ssl_certificate_key ${quote(o.tls.keyPath)};`,
        'ssl_protocols TLSv1.2 TLSv1.3;',
        `ssl_ciphers ${TLS12_CIPHERS};`,
        'ssl_prefer_server_ciphers off;',
        'ssl_session_cache shared:shop_tls:10m;',
        'ssl_session_timeout 1d;',
        'ssl_session_tickets off;',
        '',
        ...proxy,
      ]),
    );
  } else {
    servers.push(block('server', [`listen ${listen(o.httpPort)};`, ...common, '', acme, ...proxy]));
  }

  return [
    "# Rendered by cdk-shop: the shop site, included inside nginx.conf's http {} block.",
    '',
    '# WebSocket upgrades pass through; other requests reuse keepalive connections upstream.',
    block('map $http_upgrade $shop_connection_upgrade', ['default upgrade;', "'' '';"]),
    '',
    block('upstream shop_storefront', [`server ${o.storefrontUpstream};`, 'keepalive 16;']),
    '',
    block('upstream shop_backend', [`server ${o.backendUpstream};`, 'keepalive 16;']),
    '',
    servers.join('\n\n'),
    '',
  ].join('\n');
}

interface ValidOptions {
  readonly serverName: string;
  readonly tls?: NginxTlsOptions;
  readonly listenAddress?: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly storefrontUpstream: string;
  readonly backendUpstream: string;
  readonly backendPathPrefixes: string[];
  readonly clientMaxBodySizeMb: number;
  readonly acmeWebroot: string;
}

function validate(options: NginxConfigOptions): ValidOptions {
  const httpPort = checkPort('httpPort', options.httpPort ?? 80);
  const httpsPort = checkPort('httpsPort', options.httpsPort ?? 443);
  if (options.tls && httpPort === httpsPort) {
    throw new Error(`nginx: httpPort and httpsPort must differ, both are ${httpPort}`);
  }

  const serverName = options.serverName ?? '_';
  const names = serverName.trim().split(/\s+/);
  const hostname =
    /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
  if (
    serverName !== '_' &&
    (serverName.trim() === '' || !names.every((n) => hostname.test(untokenized(n))))
  ) {
    throw new Error(
      `nginx: serverName '${serverName}' must be one or more host names separated by spaces, like 'shop.example.com'`,
    );
  }

  if (
    options.listenAddress !== undefined &&
    !/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])$/.test(options.listenAddress)
  ) {
    throw new Error(
      `nginx: listenAddress '${options.listenAddress}' must be an IPv4 address or [IPv6] address`,
    );
  }

  const prefixes = options.backendPathPrefixes ?? [];
  const prefixProblem = pathPrefixesProblem(prefixes);
  if (prefixProblem) throw new Error(`nginx: backendPathPrefixes: ${prefixProblem}`);

  const mb = options.clientMaxBodySizeMb ?? 50;
  if (!Number.isInteger(mb) || mb < 1 || mb > 102400) {
    throw new Error(`nginx: clientMaxBodySizeMb must be a whole number from 1 to 102400, got ${mb}`);
  }

  return {
    serverName: names.join(' '),
    tls: options.tls && {
      certificatePath: checkPath('tls.certificatePath', options.tls.certificatePath),
      keyPath: checkPath('tls.keyPath', options.tls.keyPath),
    },
    listenAddress: options.listenAddress,
    httpPort,
    httpsPort,
    storefrontUpstream: checkUpstream('storefrontUpstream', options.storefrontUpstream),
    backendUpstream: checkUpstream('backendUpstream', options.backendUpstream),
    backendPathPrefixes: prefixes,
    clientMaxBodySizeMb: mb,
    acmeWebroot: checkPath('acmeWebroot', options.acmeWebroot ?? '/var/www/certbot'),
  };
}

function checkPort(name: string, port: number): number {
  if (!isPort(port)) {
    throw new Error(`nginx: ${name} must be a whole number from 1 to 65535, got ${port}`);
  }
  return port;
}

function checkUpstream(name: string, upstream: string): string {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(untokenized(upstream ?? ''));
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new Error(
      `nginx: ${name} '${upstream}' must be host:port with a port from 1 to 65535, like '127.0.0.1:3000'`,
    );
  }
  return upstream;
}

function checkPath(name: string, path: string): string {
  if (!/^\/[A-Za-z0-9._@+/-]*$/.test(untokenized(path ?? '')) || path.includes('..')) {
    throw new Error(
      `nginx: ${name} '${path}' must be an absolute path of letters, digits and . _ @ + - / (no spaces, quotes, braces or '..')`,
    );
  }
  return path;
}

function quote(value: string): string {
  return `"${value}"`;
}

/** A block `head { ... }` with its body indented; empty strings become blank lines. */
function block(head: string, body: string[]): string {
  const indented = body
    .join('\n')
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`));
  return [`${head} {`, ...indented, '}'].join('\n');
}
