import { Annotations, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { invalidProp, requireLiteral } from './errors';

/**
 * Checks shared by the building blocks' validation, so a rule is written once.
 */

/**
 * Rejects a KMS key from another region than the stack of `scope`: a KMS key is regional, and
 * the service would refuse it at deploy time. An environment-agnostic stack with a key of a known
 * region deploys only to that region: accepted with a warning.
 */
export function checkKeyRegion(scope: IConstruct, prop: string, key: kms.IKey | undefined): void {
  if (!key) return;
  const keyRegion = key.env.region;
  const here = Stack.of(scope).region;
  if (Token.isUnresolved(keyRegion)) return;
  if (Token.isUnresolved(here)) {
    Annotations.of(scope).addWarningV2(
      `cdk-shop:${prop}-region`,
      `'${prop}' is a key in ${keyRegion}, and the stack is environment-agnostic: it deploys only to ${keyRegion}, because a KMS key cannot be used from another region.`,
    );
    return;
  }
  if (keyRegion !== here) {
    throw invalidProp(
      scope,
      prop,
      `the key is in ${keyRegion} and this stack in ${here}, and a KMS key can only be used in its own region`,
      `Give a key from ${here} (a multi-Region replica key there works too).`,
    );
  }
}

/**
 * The whole number of GiB in `size`, rejecting a token and a size that is not whole GiB.
 *
 * @param example a literal to suggest, such as `Size.gibibytes(100)`
 */
export function wholeGibibytes(scope: IConstruct, prop: string, size: Size, example: string): number {
  requireLiteral(scope, prop, size, example);
  const gib = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(gib)) {
    throw invalidProp(
      scope,
      prop,
      `${Number(gib.toFixed(3))} GiB (${size.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB) is not a whole number of GiB`,
      `Give whole gibibytes, such as ${example}.`,
    );
  }
  return gib;
}

/**
 * Rejects a number that is a token or not a whole number from `min` to `max`.
 *
 * @param what what the number counts, for the message (`read replicas`)
 * @param why why the bounds are what they are, for the fix
 */
export function checkWholeNumber(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  what: string,
  why: string,
): void {
  if (value === undefined) return;
  requireLiteral(scope, prop, value, `a whole number of ${what} from ${min} to ${max}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(scope, prop, `${value} is not a whole number from ${min} to ${max}`, why);
  }
}

/**
 * Whether `value` resolves to a Secrets Manager or SSM SecureString dynamic reference, which
 * CloudFormation would write in plain text wherever an environment variable is shown.
 */
export function holdsSecretReference(scope: IConstruct, value: unknown): boolean {
  return /\{\{resolve:(secretsmanager|ssm-secure)/.test(JSON.stringify(Stack.of(scope).resolve(value)));
}
