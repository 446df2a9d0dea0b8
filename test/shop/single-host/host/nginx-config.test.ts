import * as fs from 'fs';
import * as http from 'http';
import * as http2 from 'http2';
import * as path from 'path';
import * as zlib from 'zlib';
import { BIG_BODY_BYTES, request, StubUpstream, stubAnswer } from './helpers/http';
import {
  fitSiteToNginx,
  NGINX_BINARIES,
  NginxBinary,
  nginxTest,
  startNginx,
  writeNginxConf,
} from './helpers/nginx';
import {
  NGINX_MINIMUM_VERSION,
  NginxConfigOptions,
  renderNginxConfig,
} from '../../../../src/shop/single-host/host/nginx-config';
import { Daemon, freePort, requireProgram, runOk, tempDir } from '../../../helpers/processes';

const MEDUSA_PREFIXES = ['/store', '/admin', '/auth', '/app', '/health'];
const BACKEND_PATHS = [
  '/store',
  '/store/products',
  '/store/products?limit=5',
  '/admin',
  '/auth/x',
  '/app',
  '/health',
];
const STOREFRONT_PATHS = [
  '/',
  '/products/shirt',
  '/storefront',
  '/applepie',
  '/stores',
  '/healthz',
  '/us/store',
];
const HOST = 'shop.example.test';

const base: NginxConfigOptions = {
  storefrontUpstream: '127.0.0.1:3000',
  backendUpstream: '127.0.0.1:9000',
  backendPathPrefixes: MEDUSA_PREFIXES,
};

describe('renderNginxConfig: options', () => {
  test('defaults: any host on port 80, HTTP only, 50 MB bodies, certbot webroot', () => {
    const conf = renderNginxConfig(base);
    expect(conf).toContain('server_name _;');
    expect(conf).toMatch(/listen 80;/);
    expect(conf).not.toMatch(/listen .*443/);
    expect(conf).toContain('client_max_body_size 50m;');
    expect(conf).toContain('root "/var/www/certbot";');
    expect(conf).not.toContain('Strict-Transport-Security');
    expect(conf).not.toContain('ssl_');
  });

  test('TLS on the default ports redirects to https://$host$request_uri without a port', () => {
    const conf = renderNginxConfig({
      ...base,
      serverName: 'shop.example.com',
      tls: {
        certificatePath: '/etc/letsencrypt/live/x/fullchain.pem',
        keyPath: '/etc/letsencrypt/live/x/privkey.pem',
      },
    });
    expect(conf).toContain('return 301 https://$host$request_uri;');
    expect(conf).toMatch(/listen 443 ssl;\n\s+http2 on;/); // nginx >= 1.25.1; no deprecated `listen ... http2`
    expect(conf).not.toContain('ssl http2');
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toContain('server_name shop.example.com;');
  });

  test('the host rewrites the site for an nginx older than the version the renderer targets', () => {
    const compat = fs.readFileSync(path.join('assets', 'host', 'nginx-http2-compat.sh'), 'utf-8');
    expect(compat).toContain(`printf '%s\\n' ${NGINX_MINIMUM_VERSION} "$version" | sort -V -C`);
  });

  test('CDK tokens in names and paths are left for deploy time', () => {
    const token = '${Token[TOKEN.123]}';
    const conf = renderNginxConfig({
      ...base,
      serverName: token,
      tls: { certificatePath: `/etc/letsencrypt/live/${token}/fullchain.pem`, keyPath: '/k.pem' },
    });
    expect(conf).toContain(`server_name ${token};`);
    expect(conf).toContain(`ssl_certificate "/etc/letsencrypt/live/${token}/fullchain.pem";`);
  });

  test.each([
    [
      { backendPathPrefixes: ['store'] },
      /backendPathPrefixes: 'store' is not a path prefix: it must be one or more '\/segment'/,
    ],
    [{ backendPathPrefixes: ['/st ore'] }, /'\/st ore' is not a path prefix.*no spaces/],
    [{ backendPathPrefixes: ['/store{'] }, /'\/store\{' is not a path prefix.*braces/],
    [{ backendPathPrefixes: ['/store/'] }, /'\/store\/' is not a path prefix.*trailing/],
    [{ backendPathPrefixes: ['/a//b'] }, /'\/a\/\/b' is not a path prefix/],
    [{ backendPathPrefixes: ['/'] }, /backendPathPrefixes: '\/' is not a path prefix/],
    [{ backendPathPrefixes: ['/a;b'] }, /backendPathPrefixes/],
    [{ backendPathPrefixes: ['/store', '/store'] }, /twice/],
    [{ backendPathPrefixes: ['/.well-known/acme-challenge'] }, /ACME/],
    [{ httpPort: 0 }, /httpPort must be a whole number from 1 to 65535, got 0/],
    [{ httpsPort: 65536 }, /httpsPort must be a whole number from 1 to 65535/],
    [{ httpPort: 80.5 }, /httpPort/],
    [{ storefrontUpstream: '127.0.0.1' }, /storefrontUpstream '127.0.0.1' must be host:port/],
    [{ backendUpstream: '127.0.0.1:70000' }, /backendUpstream/],
    [{ backendUpstream: 'x:1; evil' }, /backendUpstream/],
    [{ serverName: 'shop.example.com; return 200' }, /serverName/],
    [{ serverName: '' }, /serverName/],
    [{ clientMaxBodySizeMb: 0 }, /clientMaxBodySizeMb/],
    [{ acmeWebroot: 'relative/dir' }, /acmeWebroot/],
    [{ acmeWebroot: '/var/www/"x"' }, /acmeWebroot/],
    [{ tls: { certificatePath: '/a b.pem', keyPath: '/k.pem' } }, /tls.certificatePath/],
    [
      { tls: { certificatePath: '/c.pem', keyPath: '/k.pem' }, httpPort: 8443, httpsPort: 8443 },
      /must differ/,
    ],
    [{ listenAddress: 'localhost' }, /listenAddress/],
  ] as Array<[Partial<NginxConfigOptions>, RegExp]>)('rejects %j', (overrides, message) => {
    expect(() => renderNginxConfig({ ...base, ...overrides })).toThrow(message);
  });
});

/** Two stub upstreams behind a real nginx running the rendered site. */
class Site {
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

function expectSecurityHeaders(headers: http.IncomingHttpHeaders) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers.server).toBe('nginx');
}

describe.each(NGINX_BINARIES)('HTTP only, served by $label', (binary) => {
  let site: Site;
  beforeAll(async () => {
    site = await Site.start(binary, { tls: false, maxBodyMb: 1 });
  });
  afterAll(async () => {
    await site?.stop();
  });

  test('nginx -t accepts it inside a Debian-like http {} block, without warnings', () => {
    expect(site.nginxCheck).toMatch(/^0 .*syntax is ok/s);
    expect(site.nginxCheck).not.toMatch(/\[warn\]|\[emerg\]/);
  });

  test.each(BACKEND_PATHS)('%s reaches the backend, path unchanged', async (p) => {
    const response = await request(site.httpPort, p, { headers: { Host: HOST } });
    expect(response.status).toBe(200);
    expect(stubAnswer(response)).toMatchObject({ name: 'backend', path: p });
  });

  test.each(STOREFRONT_PATHS)('%s reaches the storefront', async (p) => {
    const response = await request(site.httpPort, p, { headers: { Host: HOST } });
    expect(response.status).toBe(200);
    expect(stubAnswer(response)).toMatchObject({ name: 'storefront', path: p });
  });

  test('proxy headers arrive upstream; security headers and no X-Powered-By come back', async () => {
    const response = await request(site.httpPort, '/store/carts', {
      headers: { Host: HOST, 'X-Forwarded-For': '203.0.113.9' },
    });
    const seen = stubAnswer(response);
    expect(seen.headers).toMatchObject({
      host: HOST,
      'x-real-ip': '127.0.0.1',
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': HOST,
    });
    expectSecurityHeaders(response.headers);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  test('ACME challenges are served from the webroot, never proxied', async () => {
    const before = site.storefront!.requests.length + site.backend!.requests.length;
    const token = await request(site.httpPort, '/.well-known/acme-challenge/token-123', {
      headers: { Host: HOST },
    });
    expect(token.status).toBe(200);
    expect(token.body.toString()).toBe('token-123.thumbprint');
    expect(token.headers['content-type']).toBe('text/plain');
    const missing = await request(site.httpPort, '/.well-known/acme-challenge/missing', {
      headers: { Host: HOST },
    });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers); // `always`: on errors too
    expect(site.storefront!.requests.length + site.backend!.requests.length).toBe(before);
  });

  test('large text answers are gzipped when the client accepts gzip, and only then', async () => {
    const gzipped = await request(site.httpPort, '/big', {
      headers: { Host: HOST, 'Accept-Encoding': 'gzip' },
    });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    const text = zlib.gunzipSync(gzipped.body).toString();
    expect(JSON.parse(text).name).toBe('storefront');
    expect(text.length).toBeGreaterThanOrEqual(BIG_BODY_BYTES);
    expect(gzipped.body.length).toBeLessThan(text.length / 10);

    const plain = await request(site.httpPort, '/big', { headers: { Host: HOST } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBe(text.length);
  });

  test('a body over client_max_body_size gets 413; one under it reaches the backend', async () => {
    const small = await request(site.httpPort, '/admin/uploads', {
      method: 'POST',
      headers: { Host: HOST, 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(512 * 1024, 1),
    });
    expect(small.status).toBe(200);
    expect(stubAnswer(small)).toMatchObject({ name: 'backend', method: 'POST', bodyBytes: 512 * 1024 });

    const before = site.backend!.requests.length;
    const big = await request(site.httpPort, '/admin/uploads', {
      method: 'POST',
      headers: { Host: HOST, 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(2 * 1024 * 1024, 1),
    });
    expect(big.status).toBe(413);
    expect(site.backend!.requests.length).toBe(before);
  });

  test('WebSocket upgrades pass through to the upstream and carry data both ways', async () => {
    const echoed = await new Promise<string>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: site.httpPort,
        path: '/app/ws',
        agent: false,
        headers: { Host: HOST, Connection: 'Upgrade', Upgrade: 'websocket' },
      });
      req.on('upgrade', (res, socket) => {
        expect(res.statusCode).toBe(101);
        socket.once('data', (d: Buffer) => {
          socket.destroy();
          resolve(d.toString());
        });
        socket.write('ping');
      });
      req.on('response', (res) => reject(new Error(`expected 101, got ${res.statusCode}`)));
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error('upgrade timed out')));
      req.end();
    });
    expect(echoed).toBe('backend:ping');
    const upgrade = site.backend!.requests.find((r) => r.path === '/app/ws');
    expect(upgrade?.headers).toMatchObject({ upgrade: 'websocket', connection: 'upgrade' });
  });
});

describe.each(NGINX_BINARIES)('TLS, served by $label', (binary) => {
  let site: Site;
  beforeAll(async () => {
    site = await Site.start(binary, { tls: true, serverName: HOST });
  });
  afterAll(async () => {
    await site?.stop();
  });

  test('nginx -t accepts it without warnings (deprecations included)', () => {
    expect(site.nginxCheck).toMatch(/^0 .*syntax is ok/s);
    expect(site.nginxCheck).not.toMatch(/\[warn\]|\[emerg\]|deprecated/);
  });

  test('the site runs as rendered where nginx has `http2 on;`, rewritten only where it predates it', () => {
    if (binary.label.startsWith('Debian 12')) {
      expect(site.compat).toMatch(/nginx 1\.22\.1 predates 'http2 on;': switched 1 file/);
      expect(site.served).toMatch(/listen 127\.0\.0\.1:\d+ ssl http2;/);
      expect(site.served).not.toContain('http2 on;');
    } else {
      expect(site.compat).toMatch(/nginx 1\.2[6-9]\.\d+ has 'http2 on;'/);
      expect(site.served).toBe(site.conf);
      expect(site.served).toMatch(/listen 127\.0\.0\.1:\d+ ssl;\n\s+http2 on;/);
    }
  });

  test.each(['/', '/products/shirt?color=red', '/store/products', '/admin'])(
    'HTTP %s is redirected (301) to the same URL on HTTPS',
    async (p) => {
      const response = await request(site.httpPort, p, { headers: { Host: HOST } });
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`https://${HOST}:${site.httpsPort}${p}`);
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expectSecurityHeaders(response.headers);
    },
  );

  test('HTTP still serves ACME challenges from the webroot', async () => {
    const response = await request(site.httpPort, '/.well-known/acme-challenge/token-123', {
      headers: { Host: HOST },
    });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('token-123.thumbprint');
  });

  test.each([...BACKEND_PATHS.map((p) => [p, 'backend']), ...STOREFRONT_PATHS.map((p) => [p, 'storefront'])])(
    'HTTPS %s reaches the %s, with HSTS and X-Forwarded-Proto https',
    async (p, upstream) => {
      const response = await request(site.httpsPort, p, { headers: { Host: HOST }, tlsServerName: HOST });
      expect(response.status).toBe(200);
      const seen = stubAnswer(response);
      expect(seen).toMatchObject({ name: upstream, path: p });
      expect(seen.headers['x-forwarded-proto']).toBe('https');
      expect(response.headers['strict-transport-security']).toBe('max-age=63072000');
      expectSecurityHeaders(response.headers);
    },
  );

  test('TLS 1.3 is negotiated by default, TLS 1.2 is accepted', async () => {
    const modern = await request(site.httpsPort, '/', { headers: { Host: HOST }, tlsServerName: HOST });
    expect(modern.tlsProtocol).toBe('TLSv1.3');
    const tls12 = await request(site.httpsPort, '/', {
      headers: { Host: HOST },
      tlsServerName: HOST,
      maxTlsVersion: 'TLSv1.2',
    });
    expect(tls12.status).toBe(200);
    expect(tls12.tlsProtocol).toBe('TLSv1.2');
  });

  test('HTTP/2 is offered by ALPN and routes requests', async () => {
    const session = http2.connect(`https://127.0.0.1:${site.httpsPort}`, {
      rejectUnauthorized: false,
      servername: HOST,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        session.once('connect', () => resolve());
        session.once('error', reject);
      });
      expect(session.alpnProtocol).toBe('h2');
      const answer = async (p: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const stream = session.request({ ':path': p, ':authority': HOST });
          let status = 0;
          let body = '';
          stream.on('response', (headers) => (status = Number(headers[':status'])));
          stream.on('data', (d: Buffer) => (body += d.toString()));
          stream.on('end', () => resolve({ status, body }));
          stream.on('error', reject);
          stream.end();
        });
      const [backend, storefront] = await Promise.all([answer('/store/products'), answer('/storefront')]);
      expect(backend.status).toBe(200);
      expect(JSON.parse(backend.body)).toMatchObject({ name: 'backend', path: '/store/products' });
      expect(JSON.parse(storefront.body)).toMatchObject({ name: 'storefront', path: '/storefront' });
    } finally {
      session.close();
    }
  });
});
