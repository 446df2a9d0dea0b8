import * as path from 'path';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NEXT_EXPORT, NEXT_EXPORT_TRAILING_SLASH, VITE_BUILD, writeBuild } from './storefront-fixtures';
import { OriginFramework, ShopEdge, ShopEdgeProps } from '../../../src/edge';
import { ShopStorefront, ShopStorefrontProps, StorefrontRouting } from '../../../src/shop/serverless';

/*
 * Bad input to ShopStorefront (and, below, to ShopEdge with a storefront): each is refused at
 * synth time with the construct path, the prop and the fix.
 */

function site(props: Partial<ShopStorefrontProps>, files: Record<string, string> = NEXT_EXPORT) {
  return () =>
    new ShopStorefront(new Stack(new App(), 'Stack'), 'Storefront', {
      directory: writeBuild(files),
      ...props,
    });
}

const PREFIX = "Stack/Storefront: invalid '";

describe('ShopStorefront refuses', () => {
  const cases: [string, () => unknown, string, RegExp][] = [
    [
      'a directory that does not exist',
      site({ directory: '/nonexistent/cdk-shop/out' }),
      'directory',
      /does not exist .*Build the site first/,
    ],
    [
      'an empty directory path',
      site({ directory: ' ' }),
      'directory',
      /it is empty\. Give the path of the built site/,
    ],
    [
      'a file instead of a directory',
      () => {
        const dir = writeBuild(NEXT_EXPORT);
        return site({ directory: path.join(dir, 'index.html') })();
      },
      'directory',
      /is a file, not a directory\. Give the folder the build writes/,
    ],
    [
      'a build without index.html',
      site({}, { 'about.html': 'x' }),
      'directory',
      /has no index\.html.*Give the build output folder itself/,
    ],
    [
      'the parent of the build',
      () => {
        const dir = writeBuild({ 'out/index.html': 'x' });
        return site({ directory: dir })();
      },
      'directory',
      /has no index\.html/,
    ],
    [
      'a directory token',
      site({ directory: Lazy.string({ produce: () => 'out' }) }),
      'directory',
      /is a token .*Give a literal: the path of the built site/,
    ],
    [
      'trailingSlash with a single-page app',
      site({ routing: StorefrontRouting.SINGLE_PAGE_APP, trailingSlash: false }, VITE_BUILD),
      'trailingSlash',
      /applies to StorefrontRouting\.STATIC_PAGES.*Remove trailingSlash/,
    ],
    [
      'the default trailingSlash on a trailingSlash build',
      site({}, NEXT_EXPORT_TRAILING_SLASH),
      'trailingSlash',
      /pages are folders with an index\.html \(such as products\/42\/index\.html\).*Give trailingSlash: true/,
    ],
    [
      'trailingSlash on a build of .html pages',
      site({ trailingSlash: true }),
      'trailingSlash',
      /pages are \.html files \(such as products\/42\.html\).*'products\/42\/index\.html'.*Remove trailingSlash/,
    ],
    [
      'a hashed folder with a leading slash',
      site({ hashedAssetDirectories: ['/_next/static'] }),
      'hashedAssetDirectories',
      /'\/_next\/static' is not a folder below the build.*without a leading/,
    ],
    [
      'the whole build as hashed',
      site({ hashedAssetDirectories: ['.'] }),
      'hashedAssetDirectories',
      /'\.' is not a folder below the build/,
    ],
    [
      'a hashed folder out of the build',
      site({ hashedAssetDirectories: ['../x'] }),
      'hashedAssetDirectories',
      /'\.\.\/x' is not a folder below/,
    ],
    [
      'a hashed folder with a wildcard',
      site({ hashedAssetDirectories: ['_next/*'] }),
      'hashedAssetDirectories',
      /not a folder below the build.*wildcards/,
    ],
    [
      'a hashed folder the build lacks',
      site({ hashedAssetDirectories: ['static'] }),
      'hashedAssetDirectories',
      /'static' is not a folder of the build in .*Give folders the build writes/,
    ],
    [
      'a file as a hashed folder',
      site({ hashedAssetDirectories: ['favicon.ico'] }),
      'hashedAssetDirectories',
      /'favicon\.ico' is not a folder of the build/,
    ],
    [
      'a hashed folder listed twice',
      site({ hashedAssetDirectories: ['_next/static', '_next/static'] }),
      'hashedAssetDirectories',
      /'_next\/static' is listed twice\. Give each folder once/,
    ],
    [
      'nested hashed folders',
      site({ hashedAssetDirectories: ['_next', '_next/static'] }),
      'hashedAssetDirectories',
      /'_next\/static' overlaps '_next'/,
    ],
    [
      'a hashed folder token',
      site({ hashedAssetDirectories: [Lazy.string({ produce: () => 'assets' })] }),
      'hashedAssetDirectories',
      /is a token/,
    ],
  ];

  test.each(cases)('%s', (_name, build, prop, message) => {
    let error: Error | undefined;
    try {
      build();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message.startsWith(`${PREFIX}${prop}': `)).toBe(true);
    expect(error?.message).toMatch(message);
  });
});

type EdgeProps = Partial<ShopEdgeProps>;

/** A ShopEdge in a fresh stack; `withStorefront` adds a storefront of the Next.js export. */
function edge(props: (stack: Stack) => EdgeProps, withStorefront = true) {
  return () => {
    const stack = new Stack(new App(), 'Stack');
    const storefront = withStorefront
      ? new ShopStorefront(stack, 'Storefront', { directory: writeBuild(NEXT_EXPORT) })
      : undefined;
    return new ShopEdge(stack, 'Edge', { storefront, ...props(stack) });
  };
}

const api = () => new origins.HttpOrigin('abc123.execute-api.us-east-1.amazonaws.com');
const media = (stack: Stack) => new s3.Bucket(stack, 'Media');

describe('ShopEdge with a storefront refuses', () => {
  const cases: [string, () => unknown, string, RegExp][] = [
    [
      'neither origin nor storefront',
      edge(() => ({}), false),
      'origin',
      /neither origin nor storefront.*exactly one/,
    ],
    [
      'both origin and storefront',
      edge(() => ({ origin: new origins.HttpOrigin('origin.example.com') })),
      'storefront',
      /origin is given too.*Give one/,
    ],
    [
      'apiPathPattern without apiOrigin',
      edge(() => ({ apiPathPattern: '/api/*' })),
      'apiPathPattern',
      /no 'apiOrigin'.*Give apiOrigin/,
    ],
    [
      'an API path without a leading slash',
      edge(() => ({ apiOrigin: api(), apiPathPattern: 'api/*' })),
      'apiPathPattern',
      /'api\/\*' is not a CloudFront path pattern\. Start it with '\/'/,
    ],
    [
      'an API path with a space',
      edge(() => ({ apiOrigin: api(), apiPathPattern: '/my api/*' })),
      'apiPathPattern',
      /not a CloudFront path pattern/,
    ],
    [
      'an API path of every path',
      edge(() => ({ apiOrigin: api(), apiPathPattern: '/*' })),
      'apiPathPattern',
      /matches every path/,
    ],
    [
      'the API at the media path',
      edge((s) => ({ apiOrigin: api(), apiPathPattern: '/media/*', mediaBucket: media(s) })),
      'apiPathPattern',
      /'\/media\/\*' is also the path of another behaviour.*a path of its own/,
    ],
    [
      'the API above the media path',
      edge((s) => ({
        apiOrigin: api(),
        apiPathPattern: '/shop/*',
        mediaBucket: media(s),
        mediaPathPattern: '/shop/media/*',
      })),
      'apiPathPattern',
      /'\/shop\/\*' comes first and takes every request of '\/shop\/media\/\*'/,
    ],
    [
      'the API at a Next.js path of an origin edge',
      edge(
        () => ({
          origin: new origins.HttpOrigin('origin.example.com'),
          apiOrigin: api(),
          apiPathPattern: '/_next/static/*',
        }),
        false,
      ),
      'apiPathPattern',
      /is also the path of another behaviour/,
    ],
    [
      "the API above an origin edge's cached path",
      edge(
        () => ({
          origin: new origins.HttpOrigin('origin.example.com'),
          apiOrigin: api(),
          apiPathPattern: '/st*',
        }),
        false,
      ),
      'apiPathPattern',
      /'\/st\*' comes first and takes every request of '\/static\/\*'/,
    ],
    [
      'a framework with a storefront',
      edge(() => ({ framework: OriginFramework.GENERIC })),
      'framework',
      /applies to origin, and storefront is given.*Remove framework/,
    ],
    [
      'cached paths with a storefront',
      edge(() => ({ cachedPathPatterns: ['/static/*'] })),
      'cachedPathPatterns',
      /applies to origin.*Cache-Control/,
    ],
    [
      'static assets with a storefront',
      edge(() => ({ staticAssets: { directory: writeBuild({ 'chunks/a.js': 'x' }) } })),
      'staticAssets',
      /applies to origin.*hashedAssetDirectories/,
    ],
    [
      'forwardHostHeader with a storefront',
      edge(() => ({ forwardHostHeader: true })),
      'forwardHostHeader',
      /applies to origin.*S3 answers for its own name only/,
    ],
    [
      'a storefront in another stack',
      () => {
        const app = new App();
        const siteStack = new Stack(app, 'Site');
        const storefront = new ShopStorefront(siteStack, 'Storefront', {
          directory: writeBuild(NEXT_EXPORT),
        });
        return new ShopEdge(new Stack(app, 'Stack'), 'Edge', { storefront });
      },
      'storefront',
      /Site\/Storefront is in stack Site.*Define the ShopStorefront in the stack of the ShopEdge/,
    ],
  ];

  test.each(cases)('%s', (_name, build, prop, message) => {
    let error: Error | undefined;
    try {
      build();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message.startsWith(`Stack/Edge: invalid '${prop}': `)).toBe(true);
    expect(error?.message).toMatch(message);
  });
});
