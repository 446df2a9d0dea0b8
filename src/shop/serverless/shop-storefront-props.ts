import { StorefrontRouting } from './storefront-routing';

/**
 * Properties of a `ShopStorefront`.
 */
export interface ShopStorefrontProps {
  /**
   * The local directory of the built site, holding its `index.html`: `out/` of a Next.js
   * `output: 'export'` build, `dist/` of Vite, `build/` of Create React App. A relative path is
   * relative to the directory the CDK app runs in. It is uploaded at every deployment in which
   * it changed.
   */
  readonly directory: string;

  /**
   * How request paths map to the build's files (a CloudFront Function at the edge).
   *
   * @default StorefrontRouting.STATIC_PAGES
   */
  readonly routing?: StorefrontRouting;

  /**
   * Whether the build writes each page as a folder with an `index.html`
   * (`/products/42/index.html`, Next.js `trailingSlash: true`) instead of a file of its own
   * (`/products/42.html`, the Next.js default). Set it as `next.config.js` sets `trailingSlash`.
   * `StorefrontRouting.STATIC_PAGES` only.
   *
   * @default false
   */
  readonly trailingSlash?: boolean;

  /**
   * Folders of the build (relative to `directory`, without a leading '/') whose files are named by
   * their content's hash, so a file never changes under its name: uploaded with
   * `Cache-Control: public, max-age=31536000, immutable` and never deleted by a later deployment
   * (a page still open in a browser keeps finding its chunks). Every other file is uploaded with
   * `Cache-Control: public, max-age=0, must-revalidate` and removed once a build no longer has it.
   * A default folder the build lacks is skipped; a folder given here must exist.
   *
   * @default - ['_next/static'] with `StorefrontRouting.STATIC_PAGES` (Next.js), ['assets'] with
   * `StorefrontRouting.SINGLE_PAGE_APP` (Vite's `build.assetsDir`; give ['static'] for Create
   * React App)
   */
  readonly hashedAssetDirectories?: string[];
}
