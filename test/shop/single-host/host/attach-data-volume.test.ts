import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, run, RunResult, tempDir } from '../../../helpers/processes';

const SCRIPT = path.join(REPO_ROOT, 'assets', 'host', 'attach-data-volume.sh');
const VOLUME = 'vol-0123456789abcdef0';
const BY_ID_NAME = 'nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0';

/**
 * Stand-ins for the programs the script drives on EC2. Each logs its arguments to calls.log.
 * - curl: IMDSv2 (a token from PUT, then metadata only with that token)
 * - aws: describe-volumes answers the next line of `states` (the last one repeats); attach-volume
 *   makes the NVMe device appear under by-id, as udev would
 * - blkid: answers from `blkid-mode` (xfs, ext4, none, error); after mkfs.xfs, xfs with a new UUID
 * - mkfs.xfs, mount, systemctl: log only; mountpoint: "not mounted"
 */
const STUBS: Record<string, string> = {
  curl: `
echo "curl $*" >> "$STUB_DIR/calls.log"
url="\${*: -1}"
case "$*" in
  *"-X PUT"*"http://imds.test/latest/api/token"*) echo tok-123; exit 0 ;;
esac
case "$*" in *"X-aws-ec2-metadata-token: tok-123"*) ;; *) echo "401: no IMDSv2 token" >&2; exit 22 ;; esac
case "$url" in
  http://imds.test/latest/meta-data/instance-id) echo i-new ;;
  http://imds.test/latest/meta-data/placement/region) echo eu-west-1 ;;
  *) exit 22 ;;
esac`,
  aws: `
echo "aws $* region=$AWS_REGION/$AWS_DEFAULT_REGION" >> "$STUB_DIR/calls.log"
case "$1 $2" in
  "ec2 describe-volumes")
    line=$(head -n 1 "$STUB_DIR/states")
    if [ "$(wc -l < "$STUB_DIR/states")" -gt 1 ]; then sed -i 1d "$STUB_DIR/states"; fi
    printf '%s\\t%s\\n' $line ;;
  "ec2 attach-volume")
    ln -sf "$STUB_DIR/nvme1n1" "$DISK_BY_ID_DIR/${BY_ID_NAME}"
    echo '{"State": "attaching"}' ;;
  *) echo "unexpected aws call" >&2; exit 1 ;;
esac`,
  blkid: `
echo "blkid $*" >> "$STUB_DIR/calls.log"
mode=$(cat "$STUB_DIR/blkid-mode")
if [ -f "$STUB_DIR/formatted" ]; then mode=formatted; fi
case "$mode:$*" in
  error:*) exit 4 ;;
  none:*) exit 2 ;;
  xfs:*TYPE*) echo xfs ;;
  ext4:*TYPE*) echo ext4 ;;
  formatted:*TYPE*) echo xfs ;;
  formatted:*UUID*) echo uuid-new ;;
  *:*UUID*) echo uuid-existing ;;
esac`,
  'mkfs.xfs': 'echo "mkfs.xfs $*" >> "$STUB_DIR/calls.log"; touch "$STUB_DIR/formatted"',
  mount: 'echo "mount $*" >> "$STUB_DIR/calls.log"',
  mountpoint: 'echo "mountpoint $*" >> "$STUB_DIR/calls.log"; exit 1',
  systemctl: 'echo "systemctl $*" >> "$STUB_DIR/calls.log"',
};

interface Host {
  readonly dir: string;
  readonly fstab: string;
  readonly mountPoint: string;
  readonly device: string;
  calls(program?: string): string[];
  attach(extra?: Record<string, string>): Promise<RunResult>;
}

let root: string;
beforeAll(() => {
  root = tempDir('attach');
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fake host: stubs on PATH, a by-id folder, a fake device, an fstab with other entries. */
function host(options: { blkid: 'xfs' | 'ext4' | 'none' | 'error'; states: string[] }): Host {
  const dir = fs.mkdtempSync(path.join(root, 'host-'));
  const bin = path.join(dir, 'bin');
  const byId = path.join(dir, 'by-id');
  fs.mkdirSync(bin);
  fs.mkdirSync(byId);
  for (const [name, body] of Object.entries(STUBS)) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/bash\nset -u\n${body}\n`, { mode: 0o755 });
  }
  fs.writeFileSync(path.join(dir, 'nvme1n1'), '');
  fs.writeFileSync(path.join(dir, 'blkid-mode'), options.blkid);
  fs.writeFileSync(path.join(dir, 'states'), options.states.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'calls.log'), '');
  const fstab = path.join(dir, 'fstab');
  const mountPoint = path.join(dir, 'data');
  fs.writeFileSync(
    fstab,
    `UUID=root-uuid / xfs defaults 0 0\nUUID=old-uuid ${mountPoint} xfs defaults,nofail 0 2\n`,
  );
  return {
    dir,
    fstab,
    mountPoint,
    device: path.join(dir, 'nvme1n1'),
    calls: (program?: string) =>
      fs
        .readFileSync(path.join(dir, 'calls.log'), 'utf-8')
        .split('\n')
        .filter((line) => line && (!program || line.startsWith(`${program} `))),
    attach: async (extra = {}) =>
      run('bash', [SCRIPT], {
        env: {
          PATH: `${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
          STUB_DIR: dir,
          DATA_VOLUME_ID: VOLUME,
          MOUNT_POINT: mountPoint,
          IMDS_ENDPOINT: 'http://imds.test',
          DISK_BY_ID_DIR: byId,
          FSTAB: fstab,
          POLL_SECONDS: '0',
          UPLOADS_OWNER: `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
          ...extra,
        },
        timeoutMs: 30_000,
      }),
  };
}

describe('attach-data-volume.sh with stub aws, curl, blkid, mkfs.xfs and mount', () => {
  test('waits for the old instance to let go, attaches, and never formats an existing file system', async () => {
    const h = host({ blkid: 'xfs', states: ['in-use i-old', 'in-use i-old', 'available None'] });
    const result = await h.attach();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(h.calls('aws').filter((c) => c.includes('describe-volumes'))).toHaveLength(3);
    expect(h.calls('aws').filter((c) => c.includes('attach-volume'))).toEqual([
      `aws ec2 attach-volume --volume-id ${VOLUME} --instance-id i-new --device /dev/sdf region=eu-west-1/eu-west-1`,
    ]);
    expect(h.calls('mkfs.xfs')).toEqual([]);
    expect(result.stdout).toContain('keeping the existing xfs file system');
    expect(h.calls('mount')).toEqual([`mount -t xfs -o defaults,noatime UUID=uuid-existing ${h.mountPoint}`]);
    expect(fs.readFileSync(h.fstab, 'utf-8')).toBe(
      `UUID=root-uuid / xfs defaults 0 0\nUUID=uuid-existing ${h.mountPoint} xfs defaults,nofail,noatime 0 2\n`,
    );
    for (const d of ['postgres', 'redis', 'uploads']) {
      expect(fs.statSync(path.join(h.mountPoint, d)).isDirectory()).toBe(true);
    }
    // IMDSv2: a token first, then every metadata read with it.
    expect(h.calls('curl')[0]).toContain('-X PUT http://imds.test/latest/api/token');
    expect(
      h
        .calls('curl')
        .slice(1)
        .every((c) => c.includes('X-aws-ec2-metadata-token: tok-123')),
    ).toBe(true);
  });

  test('a blank volume gets an XFS file system, once', async () => {
    const h = host({ blkid: 'none', states: ['available None'] });
    const result = await h.attach();
    expect(result.code).toBe(0);
    expect(h.calls('mkfs.xfs')).toEqual([`mkfs.xfs -q -L shop-data ${h.device}`]);
    expect(fs.readFileSync(h.fstab, 'utf-8')).toContain(
      `UUID=uuid-new ${h.mountPoint} xfs defaults,nofail,noatime 0 2`,
    );

    // Run again (a reboot): already attached here, formatted, in fstab: nothing is redone.
    fs.writeFileSync(path.join(h.dir, 'states'), 'in-use i-new\n');
    fs.writeFileSync(path.join(h.dir, 'calls.log'), '');
    const again = await h.attach();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already attached to this instance');
    expect(h.calls('mkfs.xfs')).toEqual([]);
    expect(h.calls('aws').filter((c) => c.includes('attach-volume'))).toEqual([]);
    expect(fs.readFileSync(h.fstab, 'utf-8').match(/uuid-new/g)).toHaveLength(1);
  });

  test('another file system type (ext4) is kept and mounted as it is', async () => {
    const h = host({ blkid: 'ext4', states: ['available None'] });
    const result = await h.attach();
    expect(result.code).toBe(0);
    expect(h.calls('mkfs.xfs')).toEqual([]);
    expect(h.calls('mount')).toEqual([
      `mount -t ext4 -o defaults,noatime UUID=uuid-existing ${h.mountPoint}`,
    ]);
  });

  test('a blkid error stops the script: no format, no mount, fstab untouched', async () => {
    const h = host({ blkid: 'error', states: ['available None'] });
    const before = fs.readFileSync(h.fstab, 'utf-8');
    const result = await h.attach();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('refusing to format');
    expect(h.calls('mkfs.xfs')).toEqual([]);
    expect(h.calls('mount')).toEqual([]);
    expect(fs.readFileSync(h.fstab, 'utf-8')).toBe(before);
  });

  test('a volume that stays attached elsewhere times out without attaching', async () => {
    const h = host({ blkid: 'xfs', states: ['in-use i-old'] });
    const result = await h.attach({ ATTACH_TIMEOUT_SECONDS: '2', POLL_SECONDS: '1' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`volume ${VOLUME} is still in-use (attached to i-old) after 2s`);
    expect(h.calls('aws').filter((c) => c.includes('attach-volume'))).toEqual([]);
    expect(h.calls('mkfs.xfs')).toEqual([]);
  });

  test('a device that never appears times out without formatting', async () => {
    const h = host({ blkid: 'none', states: ['in-use i-new'] });
    const result = await h.attach({
      DEVICE_TIMEOUT_SECONDS: '1',
      POLL_SECONDS: '1',
      DEVICE_NAME: '/dev/sdz-none',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`no device for ${VOLUME}`);
    expect(h.calls('mkfs.xfs')).toEqual([]);
  });

  test('DATA_VOLUME_ID is required and checked', async () => {
    const h = host({ blkid: 'xfs', states: ['available None'] });
    expect((await h.attach({ DATA_VOLUME_ID: '' })).stderr).toContain(
      'DATA_VOLUME_ID must name the data volume',
    );
    const bad = await h.attach({ DATA_VOLUME_ID: 'vol-1; reboot' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not a volume id');
    expect(h.calls()).toEqual([]);
  });
});
