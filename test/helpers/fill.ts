import { Stack } from 'aws-cdk-lib';

/**
 * Resolves a string that holds CloudFormation references, filling each reference with the value
 * `values` gives for it: how a test stands in for what CloudFormation resolves at deploy time.
 */
export function fill(stack: Stack, value: string, values: (ref: any) => string): string {
  const resolved = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  if (!resolved['Fn::Join']) return values(resolved);
  const [separator, parts] = resolved['Fn::Join'];
  return parts.map((p: any) => (typeof p === 'string' ? p : values(p))).join(separator);
}
