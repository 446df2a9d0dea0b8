import * as fs from 'fs';
import * as path from 'path';
import {
  Daemon,
  portAccepts,
  REPO_ROOT,
  requireProgram,
  run,
  RunResult,
  runOk,
  startDaemon,
  waitFor,
} from '../../../../helpers/processes';

/** An nginx binary the site is proved on. */
export interface NginxBinary {
  readonly label: string;
  /** Resolves the binary; throws with how to get it. */
  readonly path: () => string;
}

/** The nginx that scripts/setup-nginx-current.sh builds (a version with `http2 on;`). */
export const CURRENT_NGINX_VERSION = '1.26.3';

/**
 * Debian 12's nginx 1.22.1 (older than `http2 on;`: the host's compat script rewrites the site),
 * and a current nginx built from Debian 13's source, which runs the site as rendered, as Amazon
 * Linux 2023's nginx does.
 */
export const NGINX_BINARIES: NginxBinary[] = [
  { label: 'Debian 12 nginx 1.22.1', path: () => requireProgram('nginx') },
  {
    label: `nginx ${CURRENT_NGINX_VERSION}`,
    path: () => {
      const binary = path.join(REPO_ROOT, '.cache', `nginx-${CURRENT_NGINX_VERSION}`, 'sbin', 'nginx');
      if (!fs.existsSync(binary)) {
        throw new Error(`${binary} is missing: run \`bash scripts/setup-nginx-current.sh\` to build it`);
      }
      return binary;
    },
  },
];

/** Runs the host's nginx-http2-compat.sh on the site file for this nginx, as the bootstrap does. */
export async function fitSiteToNginx(nginx: string, sitePath: string): Promise<string> {
  return runOk('bash', [path.join(REPO_ROOT, 'assets', 'host', 'nginx-http2-compat.sh'), sitePath], {
    env: { PATH: process.env.PATH, NGINX: nginx },
  });
}

/**
 * Writes a minimal nginx.conf that includes the rendered site the way the distributions do
 * (inside `http {}`), with the http-level directives Debian's stock nginx.conf also sets, so a
 * directive the site repeats at the wrong level fails `nginx -t` here too. Every path nginx
 * writes is in `dir`.
 */
export function writeNginxConf(dir: string, site: string): string {
  fs.chmodSync(dir, 0o755); // nginx workers run as nobody
  const sitePath = path.join(dir, 'shop.conf');
  fs.writeFileSync(sitePath, site);
  const temp = path.join(dir, 'temp');
  fs.mkdirSync(temp, { recursive: true });
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    confPath,
    [
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'worker_processes 1;',
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      "  # As in Debian's stock nginx.conf:",
      '  sendfile on;',
      '  gzip on;',
      '  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;',
      '  ssl_prefer_server_ciphers on;',
      `  access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${temp}/${t};`),
      `  include ${sitePath};`,
      '}',
      '',
    ].join('\n'),
  );
  return confPath;
}

/** `nginx -t` on the configuration. */
export async function nginxTest(confPath: string, nginx = requireProgram('nginx')): Promise<RunResult> {
  return run(nginx, ['-t', '-e', path.join(path.dirname(confPath), 'error.log'), '-c', confPath]);
}

/** Starts nginx in the foreground and waits until every port accepts connections. */
export async function startNginx(
  confPath: string,
  ports: number[],
  nginx = requireProgram('nginx'),
): Promise<Daemon> {
  const errorLog = path.join(path.dirname(confPath), 'error.log');
  const daemon = startDaemon('nginx', nginx, ['-e', errorLog, '-c', confPath, '-g', 'daemon off;']);
  for (const port of ports) {
    await waitFor(`nginx on port ${port}`, () => portAccepts(port), { daemon, timeoutMs: 10_000 });
  }
  return daemon;
}
