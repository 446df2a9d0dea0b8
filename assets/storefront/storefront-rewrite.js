/*
 * cdk-shop ShopStorefront: maps a viewer's request path to the S3 key of a static storefront.
 *
 * A CloudFront Function (runtime cloudfront-js-2.0, viewer request event) written in plain
 * ECMAScript 5.1: no require, no modules, no timers, no network. Query string, headers and
 * cookies are left as they are; only `request.uri` changes.
 * Event structure: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 *
 * - '/' is '/index.html';
 * - a path whose last segment has a dot ('/favicon.ico', '/_next/static/chunks/a.js') is a file,
 *   served as it is;
 * - STATIC_PAGES (a Next.js `output: 'export'` build): '/products/42' and '/products/42/' are
 *   '/products/42.html', or with trailingSlash '/products/42/index.html';
 * - SINGLE_PAGE_APP: every other path is '/index.html', where the app's router takes over.
 *
 * ShopStorefront writes its settings into the ROUTING line when it synthesizes the function.
 */
var ROUTING = { mode: 'STATIC_PAGES', trailingSlash: false };

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '' || uri === '/') {
    request.uri = '/index.html';
    return request;
  }
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') !== -1) return request;
  if (ROUTING.mode === 'SINGLE_PAGE_APP') {
    request.uri = '/index.html';
    return request;
  }
  var page = uri.replace(/\/+$/, '');
  if (page === '') {
    request.uri = '/index.html';
  } else if (ROUTING.trailingSlash) {
    request.uri = page + '/index.html';
  } else {
    request.uri = page + '.html';
  }
  return request;
}
