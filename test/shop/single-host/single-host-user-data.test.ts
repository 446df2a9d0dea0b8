import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { userDataOf, writtenFiles } from './user-data';
import { ShopImage, SingleHostShop } from '../../../src';

/*
 * The cloud-init document is what boots the host: it is checked by cloud-init itself
 * (Debian's cloud-init package) and every script it writes by shellcheck.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-user-data-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function requireProgram(name: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found) throw new Error(`${name} is not installed: run scripts/setup.sh (as root) first`);
}

function shopUserData(): string {
  const stack = new Stack(new App(), 'Stack');
  const repository = new ecr.Repository(stack, 'Repo');
  new SingleHostShop(stack, 'Shop', {
    storefront: { image: ShopImage.fromEcrRepository(repository, 'v1') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
    worker: {},
    domainName: 'shop.example.com',
    certificateEmail: 'ops@example.com',
  });
  return userDataOf(Template.fromStack(stack));
}

describe('the host user data', () => {
  const userData = shopUserData();
  const file = path.join(dir, 'user-data.yaml');
  fs.writeFileSync(file, userData);
  const files = writtenFiles(userData);

  test('passes cloud-init schema validation', () => {
    requireProgram('cloud-init');
    const result = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf-8' });
    expect(result.stderr + result.stdout).toMatch(/Valid cloud-config/);
    expect(result.status).toBe(0);
  });

  test('writes the compose file, nginx files, units, agent config and scripts', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        '/etc/cdk-shop/host.env',
        '/etc/docker/daemon.json',
        '/etc/nginx/nginx.conf',
        '/etc/systemd/system/cdk-shop-backup.service',
        '/etc/systemd/system/cdk-shop-backup.timer',
        '/etc/systemd/system/cdk-shop-certificate.service',
        '/etc/systemd/system/cdk-shop.service',
        '/etc/systemd/system/certbot-renew.service',
        '/etc/systemd/system/certbot-renew.timer',
        '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json',
        '/opt/cdk-shop/bin/bootstrap.sh',
        '/opt/cdk-shop/bin/ecr-login.sh',
        '/opt/cdk-shop/bin/obtain-certificate.sh',
        '/opt/cdk-shop/compose.yaml',
        '/opt/cdk-shop/nginx-http.conf',
        '/opt/cdk-shop/nginx-tls.conf',
      ].sort(),
    );
    expect(
      JSON.parse(files.get('/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json')!),
    ).toMatchObject({
      metrics: { metrics_collected: { mem: { measurement: ['mem_used_percent'] } } },
    });
    // Docker keeps images and containers on the data volume, so the root volume stays small
    expect(JSON.parse(files.get('/etc/docker/daemon.json')!)).toEqual({ 'data-root': '/data/docker' });
    const bootstrap = files.get('/opt/cdk-shop/bin/bootstrap.sh')!;
    expect(bootstrap).toContain('RequiresMountsFor=%s');
    expect(bootstrap.indexOf('attach-data-volume.sh')).toBeLessThan(
      bootstrap.indexOf('systemctl enable --now docker'),
    );
  });

  test('the compose plugin is pinned by version and by the sha256 embedded for this architecture', () => {
    const bootstrap = files.get('/opt/cdk-shop/bin/bootstrap.sh')!;
    expect(bootstrap).toContain(
      'https://github.com/docker/compose/releases/download/v2.29.7/docker-compose-linux-aarch64',
    );
    // the official checksum of docker-compose-linux-aarch64 v2.29.7, not one downloaded beside it
    expect(bootstrap).toContain(
      'echo "6e9fbd5daa20dca5d7d89145081ae8155d68ef2928b497d9f85b54fe0f9dbb2c  /tmp/docker-compose" | sha256sum -c -',
    );
    expect(bootstrap).not.toMatch(/\.sha256"|curl[^\n]*sha256/);
  });

  test('every script passes shellcheck', () => {
    requireProgram('shellcheck');
    const scripts = [...files.entries()].filter(([p]) => p.endsWith('.sh'));
    expect(scripts.length).toBe(3);
    for (const [scriptPath, content] of scripts) {
      const local = path.join(dir, path.basename(scriptPath));
      fs.writeFileSync(local, content);
      const result = spawnSync('shellcheck', ['--severity=style', local], { encoding: 'utf-8' });
      expect({ script: scriptPath, output: result.stdout }).toEqual({ script: scriptPath, output: '' });
    }
  });

  test('the systemd units are valid for systemd-analyze where available', () => {
    const units = [...files.entries()].filter(([p]) => /\.(service|timer)$/.test(p));
    expect(units).toHaveLength(6);
    for (const [unitPath, content] of units) {
      expect(content).toMatch(/^\[Unit\]\nDescription=/);
      if (unitPath.endsWith('.timer')) expect(content).toMatch(/\[Timer\]\nOnCalendar=/);
      if (unitPath.endsWith('.service')) expect(content).toMatch(/\[Service\]\nType=oneshot/);
    }
    const timers = units.filter(([p]) => p.endsWith('.timer')).map(([, c]) => /OnCalendar=(.*)/.exec(c)![1]);
    if (spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0) {
      for (const calendar of timers) {
        execFileSync('systemd-analyze', ['calendar', calendar]);
      }
    }
  });
});
