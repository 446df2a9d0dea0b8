/**
 * The input rules the host renderers (compose-file.ts, nginx-config.ts) rely on, written once:
 * the renderers enforce them, and `SingleHostShop` checks its props against the same rules
 * first, so a prop that passes validation always renders. The rules every shop shares live in
 * base/container-rules.ts; the host adds the ACME path.
 *
 * Internal: not exported from the package's entry point.
 */
import { pathPrefixSyntaxProblem } from '../../base/container-rules';

export { HEALTH_PATH, PATH_PREFIX, isPort } from '../../base/container-rules';

/** The path ACME HTTP-01 challenges are served under; no backend prefix may hide it. */
export const ACME_PATH = '/.well-known/acme-challenge/';

/** What is wrong with a list of backend path prefixes, or undefined when nginx can route it. */
export function pathPrefixesProblem(prefixes: readonly string[]): string | undefined {
  const problem = pathPrefixSyntaxProblem(prefixes);
  if (problem) return problem;
  // A shorter prefix such as /.well-known is fine: nginx prefers the longer ACME location.
  const acme = prefixes.find((prefix) => `${prefix}/`.startsWith(ACME_PATH));
  return acme === undefined
    ? undefined
    : `'${acme}' would route the ACME challenge path ${ACME_PATH} away from certbot`;
}
