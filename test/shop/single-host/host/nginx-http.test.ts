import * as http from 'http';
import * as zlib from 'zlib';
import { BIG_BODY_BYTES, request, stubAnswer } from './helpers/http';
import { NGINX_BINARIES } from './helpers/nginx';
import { BACKEND_PATHS, expectSecurityHeaders, HOST, Site, STOREFRONT_PATHS } from './helpers/nginx-site';

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
