import * as fs from 'fs';
import * as path from 'path';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { StorefrontRouting } from './storefront-routing';

/** The CloudFront Function's code, shipped in the package's assets (the same file the tests run). */
export const STOREFRONT_REWRITE_SCRIPT = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'assets',
  'storefront',
  'storefront-rewrite.js',
);

/** The line of the script that holds its settings, replaced at synth time. */
const ROUTING_LINE = /^var ROUTING = .*;$/m;

/**
 * CloudFront Functions' limit on a function's code, in bytes.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-functions
 */
export const MAX_FUNCTION_CODE_BYTES = 10240;

/** What the rewrite function is told. */
export interface StorefrontRewriteSettings {
  readonly routing: StorefrontRouting;
  readonly trailingSlash: boolean;
}

/** The script with `settings` written into its ROUTING line. */
export function storefrontRewriteCode(settings: StorefrontRewriteSettings): string {
  const script = fs.readFileSync(STOREFRONT_REWRITE_SCRIPT, 'utf8');
  const lines = script.match(new RegExp(ROUTING_LINE.source, 'gm')) ?? [];
  if (lines.length !== 1) {
    throw new Error(
      `${STOREFRONT_REWRITE_SCRIPT} must have one 'var ROUTING = …;' line, found ${lines.length}`,
    );
  }
  const routing = JSON.stringify({ mode: settings.routing.name, trailingSlash: settings.trailingSlash });
  const code = script.replace(ROUTING_LINE, `var ROUTING = ${routing};`);
  if (Buffer.byteLength(code, 'utf8') > MAX_FUNCTION_CODE_BYTES) {
    throw new Error(
      `${STOREFRONT_REWRITE_SCRIPT} exceeds CloudFront Functions' ${MAX_FUNCTION_CODE_BYTES} bytes`,
    );
  }
  return code;
}

/** Defines the viewer-request function (cloudfront-js-2.0) that maps paths to the build's files. */
export function defineRewriteFunction(
  scope: Construct,
  settings: StorefrontRewriteSettings,
): cloudfront.Function {
  return new cloudfront.Function(scope, 'RewriteFunction', {
    comment: `cdk-shop storefront paths to files (${settings.routing.name})`,
    code: cloudfront.FunctionCode.fromInline(storefrontRewriteCode(settings)),
    runtime: cloudfront.FunctionRuntime.JS_2_0,
  });
}
