import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import type { ShopStorefrontProps } from './shop-storefront-props';
import { StorefrontRouting } from './storefront-routing';
import { invalidProp, requireLiteral } from '../../private/errors';

/** Next.js puts its content-hashed build output here. */
export const NEXT_HASHED_DIRECTORY = '_next/static';
/** Vite's default `build.assetsDir`, content-hashed file names. */
export const VITE_HASHED_DIRECTORY = 'assets';
/** The page CloudFront's rewrite of '/' and every single-page-app path needs. */
export const INDEX_FILE = 'index.html';

/** A folder below the build: path segments of letters, digits and `_ - . @ +`, no '.' or '..'. */
const RELATIVE_FOLDER = /^(?!.*(^|\/)\.{1,2}(\/|$))[A-Za-z0-9_\-.@+]+(\/[A-Za-z0-9_\-.@+]+)*$/;
/** Error pages a static export writes besides its pages. */
const ERROR_PAGES = ['404.html', '500.html', '404/index.html', '500/index.html'];

/** The props of a `ShopStorefront`, checked and completed. */
export interface StorefrontSettings {
  /** The build's directory, absolute. */
  readonly directory: string;
  readonly routing: StorefrontRouting;
  readonly trailingSlash: boolean;
  /** The hashed-asset folders the build has, relative, in the order given. */
  readonly hashedAssetDirectories: string[];
}

/** Checks a `ShopStorefront`'s props against the build they point at, naming the prop and the fix. */
export function validateStorefrontProps(scope: Construct, props: ShopStorefrontProps): StorefrontSettings {
  const directory = validateDirectory(scope, props.directory);
  const routing = props.routing ?? StorefrontRouting.STATIC_PAGES;
  const spa = routing === StorefrontRouting.SINGLE_PAGE_APP;
  if (spa && props.trailingSlash !== undefined) {
    throw invalidProp(
      scope,
      'trailingSlash',
      'it applies to StorefrontRouting.STATIC_PAGES, and a single-page app serves index.html for every page path',
      'Remove trailingSlash, or give routing: StorefrontRouting.STATIC_PAGES for a build with one HTML file per page.',
    );
  }
  const hashedAssetDirectories = validateHashedDirectories(
    scope,
    directory,
    props.hashedAssetDirectories,
    spa,
  );
  const trailingSlash = props.trailingSlash ?? false;
  if (!spa) validatePageLayout(scope, directory, hashedAssetDirectories, trailingSlash);
  return { directory, routing, trailingSlash, hashedAssetDirectories };
}

function validateDirectory(scope: Construct, given: string): string {
  requireLiteral(scope, 'directory', given, 'the path of the built site, such as "storefront/out"');
  if (typeof given !== 'string' || given.trim() === '') {
    throw invalidProp(
      scope,
      'directory',
      'it is empty',
      'Give the path of the built site, such as "storefront/out".',
    );
  }
  const directory = path.resolve(given);
  if (!fs.existsSync(directory)) {
    throw invalidProp(
      scope,
      'directory',
      `'${given}' does not exist (resolved to ${directory})`,
      'Build the site first (next build with output: "export", vite build, …), and give its output folder; a relative path is relative to where the CDK app runs.',
    );
  }
  if (!fs.statSync(directory).isDirectory()) {
    throw invalidProp(
      scope,
      'directory',
      `'${given}' is a file, not a directory`,
      'Give the folder the build writes (such as out/ or dist/), not a file in it or an archive.',
    );
  }
  const index = path.join(directory, INDEX_FILE);
  if (!fs.existsSync(index) || !fs.statSync(index).isFile()) {
    throw invalidProp(
      scope,
      'directory',
      `'${given}' has no ${INDEX_FILE}, which '/' (and every single-page-app path) is served from`,
      'Give the build output folder itself (the one holding index.html), not its parent.',
    );
  }
  return directory;
}

function validateHashedDirectories(
  scope: Construct,
  directory: string,
  given: string[] | undefined,
  spa: boolean,
): string[] {
  const prop = 'hashedAssetDirectories';
  if (given === undefined) {
    const folder = spa ? VITE_HASHED_DIRECTORY : NEXT_HASHED_DIRECTORY;
    return isDirectory(path.join(directory, folder)) ? [folder] : [];
  }
  const seen: string[] = [];
  for (const folder of given) {
    requireLiteral(scope, prop, folder, "a folder of the build, such as '_next/static'");
    if (!RELATIVE_FOLDER.test(folder)) {
      throw invalidProp(
        scope,
        prop,
        `'${folder}' is not a folder below the build`,
        "Give a relative folder path without a leading or trailing '/', '.', '..' or wildcards, such as '_next/static' or 'assets'.",
      );
    }
    if (!isDirectory(path.join(directory, folder))) {
      throw invalidProp(
        scope,
        prop,
        `'${folder}' is not a folder of the build in ${directory}`,
        'Give folders the build writes its hashed files to, or leave hashedAssetDirectories out to use the default.',
      );
    }
    const overlap = seen.find(
      (other) => folder === other || folder.startsWith(`${other}/`) || other.startsWith(`${folder}/`),
    );
    if (overlap !== undefined) {
      throw invalidProp(
        scope,
        prop,
        `'${folder}' ${folder === overlap ? 'is listed twice' : `overlaps '${overlap}'`}`,
        'Give each folder once, and no folder inside another.',
      );
    }
    seen.push(folder);
  }
  return seen;
}

/**
 * A build whose pages are all folders with an index.html wants `trailingSlash: true`, and one
 * whose pages are all `.html` files wants the default: the other setting would answer every
 * page but the home page with S3's 403.
 */
function validatePageLayout(
  scope: Construct,
  directory: string,
  hashed: string[],
  trailingSlash: boolean,
): void {
  const pages = htmlFiles(directory, '', new Set(hashed)).filter(
    (file) => file !== INDEX_FILE && !ERROR_PAGES.includes(file),
  );
  const folderPages = pages.filter((file) => file.endsWith(`/${INDEX_FILE}`));
  const filePages = pages.filter((file) => !file.endsWith(`/${INDEX_FILE}`));
  if (!trailingSlash && filePages.length === 0 && folderPages.length > 0) {
    throw invalidProp(
      scope,
      'trailingSlash',
      `the build's pages are folders with an index.html (such as ${folderPages[0]}), which the default (false) would look for as '${folderPages[0].replace(/\/index\.html$/, '.html')}'`,
      "Give trailingSlash: true, as the site's next.config.js does.",
    );
  }
  if (trailingSlash && folderPages.length === 0 && filePages.length > 0) {
    throw invalidProp(
      scope,
      'trailingSlash',
      `the build's pages are .html files (such as ${filePages[0]}), which trailingSlash: true would look for as '${filePages[0].replace(/\.html$/, '/index.html')}'`,
      'Remove trailingSlash, or build the site with trailingSlash: true in next.config.js.',
    );
  }
}

/** The `.html` files below `directory`, relative with '/', skipping the hashed folders. */
function htmlFiles(directory: string, prefix: string, skip: Set<string>): string[] {
  const found: string[] = [];
  const entries = fs.readdirSync(path.join(directory, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skip.has(relative)) found.push(...htmlFiles(directory, relative, skip));
    } else if (entry.name.endsWith('.html')) {
      found.push(relative);
    }
  }
  return found;
}

function isDirectory(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).isDirectory();
}
