import * as fs from 'fs';
import { StorefrontRouting } from '../../../src/shop/serverless';
import {
  MAX_FUNCTION_CODE_BYTES,
  STOREFRONT_REWRITE_SCRIPT,
  storefrontRewriteCode,
} from '../../../src/shop/serverless/storefront-function';
import { cloudFrontJs2Problems, loadFunction, viewerRequestEvent } from '../../helpers/cloudfront-function';

/*
 * The storefront's CloudFront Function, run under Node with CloudFront's event shape: each
 * request path maps to the file the build has for it, and nothing but `uri` changes.
 */

const nextDefault = storefrontRewriteCode({ routing: StorefrontRouting.STATIC_PAGES, trailingSlash: false });
const nextTrailing = storefrontRewriteCode({ routing: StorefrontRouting.STATIC_PAGES, trailingSlash: true });
const spa = storefrontRewriteCode({ routing: StorefrontRouting.SINGLE_PAGE_APP, trailingSlash: false });

/** [request url, the key with STATIC_PAGES, with STATIC_PAGES and trailingSlash, with SINGLE_PAGE_APP]. */
const TABLE: [string, string, string, string][] = [
  ['/', '/index.html', '/index.html', '/index.html'],
  ['/products/42', '/products/42.html', '/products/42/index.html', '/index.html'],
  ['/products/42/', '/products/42.html', '/products/42/index.html', '/index.html'],
  ['/products', '/products.html', '/products/index.html', '/index.html'],
  ['/products/42?color=red&size=m', '/products/42.html', '/products/42/index.html', '/index.html'],
  [
    '/_next/static/chunks/app-3f2a.js',
    '/_next/static/chunks/app-3f2a.js',
    '/_next/static/chunks/app-3f2a.js',
    '/_next/static/chunks/app-3f2a.js',
  ],
  ['/favicon.ico', '/favicon.ico', '/favicon.ico', '/favicon.ico'],
  ['/products/42.html', '/products/42.html', '/products/42.html', '/products/42.html'],
  ['/assets/index-4b8e.js?v=2', '/assets/index-4b8e.js', '/assets/index-4b8e.js', '/assets/index-4b8e.js'],
  // a dot in a folder does not make a file; only the last segment counts
  ['/v1.2/notes', '/v1.2/notes.html', '/v1.2/notes/index.html', '/index.html'],
  ['//', '/index.html', '/index.html', '/index.html'],
  ['/Products/42', '/Products/42.html', '/Products/42/index.html', '/index.html'],
];

describe.each([
  ['STATIC_PAGES', nextDefault, 1],
  ['STATIC_PAGES with trailingSlash', nextTrailing, 2],
  ['SINGLE_PAGE_APP', spa, 3],
] as const)('%s', (_name, code, column) => {
  const handler = loadFunction(code);
  test.each(TABLE)('%s', (...row) => {
    const event = viewerRequestEvent(row[0]);
    const before = JSON.parse(JSON.stringify(event.request));
    const result = handler(event);
    // a request comes back (no response object), the same in all but its uri
    expect(result).toEqual({ ...before, uri: row[column] });
  });
});

test('repeated query string names stay as CloudFront sent them', () => {
  const handler = loadFunction(nextDefault);
  const result = handler(viewerRequestEvent('/search?tag=a&tag=b&q=shirt'));
  expect(result.querystring).toEqual({
    tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
    q: { value: 'shirt' },
  });
});

test('the settings line is the only difference from the shipped script', () => {
  const script = fs.readFileSync(STOREFRONT_REWRITE_SCRIPT, 'utf8').split('\n');
  const made = spa.split('\n');
  expect(made).toHaveLength(script.length);
  const differing = made.filter((line, i) => line !== script[i]);
  expect(differing).toEqual(['var ROUTING = {"mode":"SINGLE_PAGE_APP","trailingSlash":false};']);
});

test.each([nextDefault, nextTrailing, spa])(
  'the code is what cloudfront-js-2.0 runs, under 10 KB',
  (code) => {
    expect(cloudFrontJs2Problems(code)).toEqual([]);
    expect(Buffer.byteLength(code)).toBeLessThan(MAX_FUNCTION_CODE_BYTES);
  },
);

test('the checker refuses what CloudFront Functions lack', () => {
  expect(cloudFrontJs2Problems("var fs = require('fs'); function handler(e) { return e.request; }")).toEqual([
    "'require' is not defined.",
  ]);
  expect(cloudFrontJs2Problems('const x = 1; function handler(e) { return e.request; }')[0]).toMatch(
    /not an ECMAScript 5\.1 script/,
  );
  expect(cloudFrontJs2Problems('function main(e) { return e.request; }')).toEqual([
    'has no top-level function handler(event)',
  ]);
  expect(() => loadFunction("require('fs'); function handler(e) { return e; }")).toThrow(
    /require is not defined/,
  );
});
