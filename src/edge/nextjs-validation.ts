import * as fs from 'fs';
import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { frameworkOf } from './edge-behaviors';
import { OriginFramework } from './origin-framework';
import type { ShopEdgeProps } from './shop-edge-props';
import { invalidProp, requireLiteral } from '../private/errors';

/**
 * Rejects `staticAssets` that would upload nothing useful: without Next.js behaviours, from a
 * directory that is not there, or from the build directory rather than its `static` folder
 * (the files would land under `_next/static/static/…`).
 */
export function validateStaticAssets(scope: Construct, props: ShopEdgeProps): void {
  const assets = props.staticAssets;
  if (!assets) return;
  const prop = 'staticAssets.directory';
  if (frameworkOf(props) !== OriginFramework.NEXT_JS) {
    throw invalidProp(
      scope,
      'staticAssets',
      `they are served at /_next/static/*, a behaviour of OriginFramework.NEXT_JS, and the framework is ${frameworkOf(props).name}`,
      'Give framework: OriginFramework.NEXT_JS (the default), or remove staticAssets.',
    );
  }
  requireLiteral(scope, prop, assets.directory, "the local path of the build's .next/static directory");
  if (Token.isUnresolved(assets.directory)) return;
  if (assets.directory.trim() === '') {
    throw invalidProp(
      scope,
      prop,
      'it is empty',
      "Give the build's .next/static directory, such as 'storefront/.next/static'.",
    );
  }
  const dir = path.resolve(assets.directory);
  if (!fs.existsSync(dir)) {
    throw invalidProp(
      scope,
      prop,
      `'${assets.directory}' does not exist (resolved to ${dir})`,
      'Run `next build` first, and give its .next/static directory, relative to where the app runs or absolute.',
    );
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw invalidProp(
      scope,
      prop,
      `'${assets.directory}' is a file`,
      "Give the build's .next/static directory, not a file or an archive.",
    );
  }
  if (fs.existsSync(path.join(dir, 'BUILD_ID')) && fs.existsSync(path.join(dir, 'static'))) {
    throw invalidProp(
      scope,
      prop,
      `'${assets.directory}' is the whole Next.js build directory (it holds BUILD_ID), whose files would land under _next/static/static/ and include the server's code`,
      `Give its static folder: '${path.join(assets.directory, 'static')}'.`,
    );
  }
  if (fs.readdirSync(dir).length === 0) {
    throw invalidProp(
      scope,
      prop,
      `'${assets.directory}' is empty, so /_next/static/* would answer 403 from the bucket`,
      "Run `next build` first: its .next/static directory holds chunks/ and the build's media.",
    );
  }
}
