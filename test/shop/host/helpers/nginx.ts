import * as fs from 'fs';
import * as path from 'path';
import {
  Daemon,
  portAccepts,
  requireProgram,
  run,
  RunResult,
  startDaemon,
  waitFor,
} from '../../../helpers/processes';

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
export async function nginxTest(confPath: string): Promise<RunResult> {
  const nginx = requireProgram('nginx');
  return run(nginx, ['-t', '-e', path.join(path.dirname(confPath), 'error.log'), '-c', confPath]);
}

/** Starts nginx in the foreground and waits until every port accepts connections. */
export async function startNginx(confPath: string, ports: number[]): Promise<Daemon> {
  const nginx = requireProgram('nginx');
  const errorLog = path.join(path.dirname(confPath), 'error.log');
  const daemon = startDaemon('nginx', nginx, ['-e', errorLog, '-c', confPath, '-g', 'daemon off;']);
  for (const port of ports) {
    await waitFor(`nginx on port ${port}`, () => portAccepts(port), { daemon, timeoutMs: 10_000 });
  }
  return daemon;
}
