import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShopStorefront, ShopStorefrontProps } from '../../../src/shop/serverless';

/* What the storefront tests share: builds written to temporary folders, a synth of a storefront. */

/** A Next.js `output: 'export'` build (trailingSlash false). */
export const NEXT_EXPORT: Record<string, string> = {
  'index.html': '<html>home</html>',
  '404.html': '<html>not found</html>',
  'products.html': '<html>products</html>',
  'products/42.html': '<html>product 42</html>',
  'favicon.ico': 'ico',
  '_next/static/chunks/app-3f2a.js': 'console.log("app")',
  '_next/static/css/9c1e.css': 'body{}',
};

/** The same site built with trailingSlash: true. */
export const NEXT_EXPORT_TRAILING_SLASH: Record<string, string> = {
  'index.html': '<html>home</html>',
  '404.html': '<html>not found</html>',
  'products/index.html': '<html>products</html>',
  'products/42/index.html': '<html>product 42</html>',
  '_next/static/chunks/app-3f2a.js': 'console.log("app")',
};

/** A Vite build. */
export const VITE_BUILD: Record<string, string> = {
  'index.html': '<html><script src="/assets/index-4b8e.js"></script></html>',
  'assets/index-4b8e.js': 'console.log("spa")',
  'favicon.ico': 'ico',
};

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` to a new temporary folder and returns its path (removed after the test file). */
export function writeBuild(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-storefront-'));
  made.push(dir);
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}

export function synthStorefront(props: Partial<ShopStorefrontProps> = {}, files = NEXT_EXPORT) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const storefront = new ShopStorefront(stack, 'Storefront', { directory: writeBuild(files), ...props });
  return { app, stack, storefront, template: Template.fromStack(stack) };
}
