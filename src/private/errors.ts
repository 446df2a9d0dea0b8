import { IConstruct } from 'constructs';

/**
 * An error for a prop that fails validation at synth time.
 *
 * The message names the construct path, the prop and what to do instead, so the
 * user can fix it without reading our source.
 */
export function invalidProp(scope: IConstruct, prop: string, problem: string, fix: string): Error {
  return new Error(`${scope.node.path}: invalid '${prop}': ${problem}. ${fix}`);
}

/** Throws when two props that exclude each other are both set. */
export function assertNotBoth(
  scope: IConstruct,
  first: string,
  firstSet: boolean,
  second: string,
  secondSet: boolean,
  fix: string,
): void {
  if (firstSet && secondSet) {
    throw invalidProp(scope, second, `'${first}' and '${second}' cannot be given together`, fix);
  }
}
