import * as fs from 'fs';
import * as path from 'path';
import { MEDUSA_PREFIXES } from './helpers/nginx-site';
import {
  NGINX_MINIMUM_VERSION,
  NginxConfigOptions,
  renderNginxConfig,
} from '../../../../src/shop/single-host/host/nginx-config';

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
