/**
 * How a `ShopStorefront` maps request paths to the files of its build, done at the edge by a
 * CloudFront Function before the request reaches the bucket.
 */
export class StorefrontRouting {
  /**
   * A site of one HTML file per page, such as a Next.js `output: 'export'` build: `/` is
   * `/index.html`, `/products/42` (and `/products/42/`) is `/products/42.html`, or with
   * `trailingSlash` `/products/42/index.html`. Paths whose last segment has a dot are files.
   */
  public static readonly STATIC_PAGES = new StorefrontRouting('STATIC_PAGES');

  /**
   * A single-page app (Vite, Create React App, Angular, …) whose router runs in the browser:
   * every path without a dot in its last segment is `/index.html`; files are served as they are.
   */
  public static readonly SINGLE_PAGE_APP = new StorefrontRouting('SINGLE_PAGE_APP');

  /** @param name the routing's name, as errors and the function's settings write it */
  private constructor(public readonly name: string) {}
}
