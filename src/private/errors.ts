import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * An error for a prop that fails validation at synth time.
 *
 * The one error format of the library: `<construct path>: invalid '<prop>': <problem>. <fix>`.
 * The message names the construct path, the prop and what to do instead, so the user can fix
 * it without reading our source.
 */
export function invalidProp(scope: IConstruct, prop: string, problem: string, fix: string): Error {
  const sentence = /[.!?]$/.test(problem) ? problem.slice(0, -1) : problem;
  return new Error(`${scope.node.path}: invalid '${prop}': ${sentence}. ${fix}`);
}

/**
 * Throws when a prop that must be known at synth time is a token (a parameter, an attribute
 * of another resource, a lookup not yet resolved): "is a token: give a literal".
 *
 * A `Duration` or `Size` made from a token counts as a token.
 *
 * @param what describes the literal expected, e.g. `a number of GiB`
 */
export function requireLiteral(scope: IConstruct, prop: string, value: unknown, what: string): void {
  if (value !== undefined && (Token.isUnresolved(value) || isUnresolvedQuantity(value))) {
    throw invalidProp(
      scope,
      prop,
      'is a token (a parameter or a deploy-time value)',
      `Give a literal: ${what}.`,
    );
  }
}

/**
 * Runs `build` and rewraps any error it throws (from aws-cdk-lib or one of our renderers) in the
 * library's format, naming the construct and the prop it came from.
 */
export function withPropContext<T>(scope: IConstruct, prop: string, fix: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (message.startsWith(`${scope.node.path}: invalid '`)) throw e;
    throw invalidProp(scope, prop, message.replace(/\s+$/, ''), fix);
  }
}

/** A `Duration` or `Size` whose amount is a token. */
function isUnresolvedQuantity(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isUnresolved?: unknown }).isUnresolved === 'function' &&
    (value as { isUnresolved(): boolean }).isUnresolved()
  );
}
