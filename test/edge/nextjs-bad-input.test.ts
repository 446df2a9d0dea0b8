import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter } from 'aws-cdk-lib';
import { Props, mediaBucket, synth } from './edge-fixtures';
import { OriginFramework } from '../../src/edge';

/* Bad input to the Next.js props of ShopEdge: each error names the path, the prop and the fix. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-next-bad-'));
const build = path.join(root, '.next');
fs.mkdirSync(path.join(build, 'static', 'chunks'), { recursive: true });
fs.writeFileSync(path.join(build, 'BUILD_ID'), 'abc');
fs.writeFileSync(path.join(build, 'static', 'chunks', 'a.js'), '1');
const empty = path.join(root, 'empty');
fs.mkdirSync(empty);
const file = path.join(root, 'static.zip');
fs.writeFileSync(file, 'zip');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ShopEdge rejects bad Next.js input at synth', () => {
  test.each<[string, Props, RegExp]>([
    [
      'a cached path that is the Next.js static behaviour',
      { cachedPathPatterns: ['/_next/static/*', '/static/*'] },
      /^Stack\/Edge: invalid 'cachedPathPatterns': '\/_next\/static\/\*' has a behaviour of its own with OriginFramework\.NEXT_JS\. Remove it from cachedPathPatterns, or give framework: OriginFramework\.GENERIC/,
    ],
    [
      'a cached path that is the Next.js image behaviour',
      { cachedPathPatterns: ['/_next/image*'] },
      /^Stack\/Edge: invalid 'cachedPathPatterns': '\/_next\/image\*' has a behaviour of its own with OriginFramework\.NEXT_JS/,
    ],
    [
      'a media path on the Next.js static assets',
      (s) => ({ mediaBucket: mediaBucket(s), mediaPathPattern: '/_next/static/*' }),
      /^Stack\/Edge: invalid 'mediaPathPattern': '\/_next\/static\/\*' is a path of OriginFramework\.NEXT_JS's own behaviours, so the path would have two origins\. Give the media bucket a path of its own/,
    ],
    [
      'a media path on the image optimizer',
      (s) => ({ mediaBucket: mediaBucket(s), mediaPathPattern: '/_next/image*' }),
      /^Stack\/Edge: invalid 'mediaPathPattern': '\/_next\/image\*' is a path of OriginFramework\.NEXT_JS's own behaviours/,
    ],
    [
      'static assets with the generic framework',
      { framework: OriginFramework.GENERIC, staticAssets: { directory: path.join(build, 'static') } },
      /^Stack\/Edge: invalid 'staticAssets': they are served at \/_next\/static\/\*, a behaviour of OriginFramework\.NEXT_JS, and the framework is GENERIC\. Give framework: OriginFramework\.NEXT_JS/,
    ],
    [
      'a static assets directory that does not exist',
      { staticAssets: { directory: path.join(root, 'missing') } },
      /^Stack\/Edge: invalid 'staticAssets\.directory': '.*missing' does not exist \(resolved to .*\)\. Run `next build` first/,
    ],
    [
      'a static assets directory that is a file',
      { staticAssets: { directory: file } },
      /^Stack\/Edge: invalid 'staticAssets\.directory': '.*static\.zip' is a file\. Give the build's \.next\/static directory, not a file or an archive/,
    ],
    [
      'the whole .next build directory',
      { staticAssets: { directory: build } },
      /^Stack\/Edge: invalid 'staticAssets\.directory': '.*\.next' is the whole Next\.js build directory \(it holds BUILD_ID\).*Give its static folder: '.*\.next\/static'/,
    ],
    [
      'an empty static assets directory',
      { staticAssets: { directory: empty } },
      /^Stack\/Edge: invalid 'staticAssets\.directory': '.*empty' is empty, so \/_next\/static\/\* would answer 403 from the bucket\. Run `next build` first/,
    ],
    [
      'a blank static assets directory',
      { staticAssets: { directory: '  ' } },
      /^Stack\/Edge: invalid 'staticAssets\.directory': it is empty\. Give the build's \.next\/static directory/,
    ],
    [
      'a static assets directory from a parameter',
      (s) => ({ staticAssets: { directory: new CfnParameter(s, 'Dir').valueAsString } }),
      /^Stack\/Edge: invalid 'staticAssets\.directory': is a token.*Give a literal: the local path of the build's \.next\/static directory/,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('the quota counts the Next.js behaviours', () => {
    const patterns = Array.from({ length: 73 }, (_, i) => `/p${i}/*`);
    // 73 + 2 = 75: at the quota, accepted
    expect(() => synth({ cachedPathPatterns: patterns })).not.toThrow();
    expect(() => synth({ cachedPathPatterns: [...patterns, '/one-more/*'] })).toThrow(
      /invalid 'cachedPathPatterns': 76 path patterns \(2 of them OriginFramework\.NEXT_JS's own\) exceed the 75/,
    );
  });
});
