import * as http2 from 'http2';
import { request, stubAnswer } from './helpers/http';
import { NGINX_BINARIES } from './helpers/nginx';
import { BACKEND_PATHS, expectSecurityHeaders, HOST, Site, STOREFRONT_PATHS } from './helpers/nginx-site';

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
