import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { invalidProp } from '../private/errors';

/** The characters CloudFront accepts in a path pattern, up to 255 of them. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.*$/~"'@:+&]{0,254}$/;

/** Rejects a path pattern CloudFront would refuse, or one that takes every path. */
export function validatePattern(scope: Construct, prop: string, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (pattern === '*' || pattern === '/*') {
    throw invalidProp(
      scope,
      prop,
      `'${pattern}' matches every path, which is the default behaviour's job`,
      "Give narrower patterns such as '/static/*'.",
    );
  }
  if (!PATH_PATTERN.test(pattern)) {
    throw invalidProp(
      scope,
      prop,
      `'${pattern}' is not a CloudFront path pattern`,
      "Start it with '/', and use at most 255 letters, digits and _ - . * $ / ~ \" ' @ : + &, no spaces, such as '/static/*'.",
    );
  }
}
