/**
 * A real nginx serving the rendered single-host site in front of two stub upstreams, for the
 * nginx HTTP and TLS suites.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { StubUpstream } from './http';
import { fitSiteToNginx, NginxBinary, nginxTest, startNginx, writeNginxConf } from './nginx';
import { renderNginxConfig } from '../../../../../src/shop/single-host/host/nginx-config';
import { Daemon, freePort, requireProgram, runOk, tempDir } from '../../../../helpers/processes';

/** The backend's path prefixes, and paths that must reach the backend or the storefront. */
export const MEDUSA_PREFIXES = ['/store', '/admin', '/auth', '/app', '/health'];
export const BACKEND_PATHS = [
  '/store',
  '/store/products',
  '/store/products?limit=5',
  '/admin',
  '/auth/x',
  '/app',
  '/health',
];
export const STOREFRONT_PATHS = [
  '/',
  '/products/shirt',
  '/storefront',
  '/applepie',
  '/stores',
  '/healthz',
  '/us/store',
];
/** The name the test certificate is for. */
export const HOST = 'shop.example.test';

/** Two stub upstreams behind a real nginx running the rendered site. */
export class Site {
  static async start(
    binary: NginxBinary,
    options: { tls: boolean; maxBodyMb?: number; serverName?: string },
  ): Promise<Site> {
    const site = new Site();
    const nginx = binary.path();
    try {
      site.storefront = await StubUpstream.start('storefront');
      site.backend = await StubUpstream.start('backend');
      site.httpPort = await freePort();
      site.httpsPort = await freePort();
      if (options.tls) {
        await runOk(requireProgram('openssl'), [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-subj',
          `/CN=${HOST}`,
          '-days',
          '1',
          '-keyout',
          path.join(site.dir, 'privkey.pem'),
          '-out',
          path.join(site.dir, 'fullchain.pem'),
        ]);
      }
      fs.mkdirSync(path.join(site.webroot, '.well-known', 'acme-challenge'), {
        recursive: true,
        mode: 0o755,
      });
      fs.chmodSync(site.webroot, 0o755);
      fs.writeFileSync(
        path.join(site.webroot, '.well-known', 'acme-challenge', 'token-123'),
        'token-123.thumbprint',
      );
      site.conf = renderNginxConfig({
        serverName: options.serverName,
        listenAddress: '127.0.0.1',
        httpPort: site.httpPort,
        httpsPort: site.httpsPort,
        storefrontUpstream: `127.0.0.1:${site.storefront.port}`,
        backendUpstream: `127.0.0.1:${site.backend.port}`,
        backendPathPrefixes: MEDUSA_PREFIXES,
        clientMaxBodySizeMb: options.maxBodyMb,
        acmeWebroot: site.webroot,
        tls: options.tls
          ? {
              certificatePath: path.join(site.dir, 'fullchain.pem'),
              keyPath: path.join(site.dir, 'privkey.pem'),
            }
          : undefined,
      });
      site.confPath = writeNginxConf(site.dir, site.conf);
      site.compat = await fitSiteToNginx(nginx, path.join(site.dir, 'shop.conf'));
      site.served = fs.readFileSync(path.join(site.dir, 'shop.conf'), 'utf-8');
      const check = await nginxTest(site.confPath, nginx);
      site.nginxCheck = `${check.code} ${check.stderr}`;
      if (check.code !== 0) throw new Error(`nginx -t failed:\n${check.stderr}\n${site.conf}`);
      site.nginx = await startNginx(
        site.confPath,
        options.tls ? [site.httpPort, site.httpsPort] : [site.httpPort],
        nginx,
      );
      return site;
    } catch (error) {
      await site.stop();
      throw error;
    }
  }

  readonly dir = tempDir('nginx');
  readonly webroot = path.join(this.dir, 'webroot');
  storefront?: StubUpstream;
  backend?: StubUpstream;
  nginx?: Daemon;
  httpPort = 0;
  httpsPort = 0;
  conf = '';
  /** The site as nginx reads it, after nginx-http2-compat.sh. */
  served = '';
  compat = '';
  confPath = '';
  nginxCheck = '';

  async stop(): Promise<void> {
    await this.nginx?.stop();
    await this.storefront?.close();
    await this.backend?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The security headers the site adds to every answer. */
export function expectSecurityHeaders(headers: http.IncomingHttpHeaders) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers.server).toBe('nginx');
}
