import * as path from 'path';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { NEXT_EXPORT, NEXT_EXPORT_TRAILING_SLASH, VITE_BUILD, writeBuild } from './storefront-fixtures';
import { ShopStorefront, ShopStorefrontProps, StorefrontRouting } from '../../../src/shop/serverless';

/*
 * Bad input to ShopStorefront (and, below, to ShopEdge with a storefront): each is refused at
 * synth time with the construct path, the prop and the fix.
 */

function storefront(props: Partial<ShopStorefrontProps>, files: Record<string, string> = NEXT_EXPORT) {
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
      storefront({ directory: '/nonexistent/cdk-shop/out' }),
      'directory',
      /does not exist .*Build the site first/,
    ],
    [
      'an empty directory path',
      storefront({ directory: ' ' }),
      'directory',
      /it is empty\. Give the path of the built site/,
    ],
    [
      'a file instead of a directory',
      () => {
        const dir = writeBuild(NEXT_EXPORT);
        return storefront({ directory: path.join(dir, 'index.html') })();
      },
      'directory',
      /is a file, not a directory\. Give the folder the build writes/,
    ],
    [
      'a build without index.html',
      storefront({}, { 'about.html': 'x' }),
      'directory',
      /has no index\.html.*Give the build output folder itself/,
    ],
    [
      'the parent of the build',
      () => {
        const dir = writeBuild({ 'out/index.html': 'x' });
        return storefront({ directory: dir })();
      },
      'directory',
      /has no index\.html/,
    ],
    [
      'a directory token',
      storefront({ directory: Lazy.string({ produce: () => 'out' }) }),
      'directory',
      /is a token .*Give a literal: the path of the built site/,
    ],
    [
      'trailingSlash with a single-page app',
      storefront({ routing: StorefrontRouting.SINGLE_PAGE_APP, trailingSlash: false }, VITE_BUILD),
      'trailingSlash',
      /applies to StorefrontRouting\.STATIC_PAGES.*Remove trailingSlash/,
    ],
    [
      'the default trailingSlash on a trailingSlash build',
      storefront({}, NEXT_EXPORT_TRAILING_SLASH),
      'trailingSlash',
      /pages are folders with an index\.html \(such as products\/42\/index\.html\).*Give trailingSlash: true/,
    ],
    [
      'trailingSlash on a build of .html pages',
      storefront({ trailingSlash: true }),
      'trailingSlash',
      /pages are \.html files \(such as products\/42\.html\).*'products\/42\/index\.html'.*Remove trailingSlash/,
    ],
    [
      'a hashed folder with a leading slash',
      storefront({ hashedAssetDirectories: ['/_next/static'] }),
      'hashedAssetDirectories',
      /'\/_next\/static' is not a folder below the build.*without a leading/,
    ],
    [
      'the whole build as hashed',
      storefront({ hashedAssetDirectories: ['.'] }),
      'hashedAssetDirectories',
      /'\.' is not a folder below the build/,
    ],
    [
      'a hashed folder out of the build',
      storefront({ hashedAssetDirectories: ['../x'] }),
      'hashedAssetDirectories',
      /'\.\.\/x' is not a folder below/,
    ],
    [
      'a hashed folder with a wildcard',
      storefront({ hashedAssetDirectories: ['_next/*'] }),
      'hashedAssetDirectories',
      /not a folder below the build.*wildcards/,
    ],
    [
      'a hashed folder the build lacks',
      storefront({ hashedAssetDirectories: ['static'] }),
      'hashedAssetDirectories',
      /'static' is not a folder of the build in .*Give folders the build writes/,
    ],
    [
      'a file as a hashed folder',
      storefront({ hashedAssetDirectories: ['favicon.ico'] }),
      'hashedAssetDirectories',
      /'favicon\.ico' is not a folder of the build/,
    ],
    [
      'a hashed folder listed twice',
      storefront({ hashedAssetDirectories: ['_next/static', '_next/static'] }),
      'hashedAssetDirectories',
      /'_next\/static' is listed twice\. Give each folder once/,
    ],
    [
      'nested hashed folders',
      storefront({ hashedAssetDirectories: ['_next', '_next/static'] }),
      'hashedAssetDirectories',
      /'_next\/static' overlaps '_next'/,
    ],
    [
      'a hashed folder token',
      storefront({ hashedAssetDirectories: [Lazy.string({ produce: () => 'assets' })] }),
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
