/**
 * The input rules the host renderers (compose-file.ts, nginx-config.ts) rely on, written once:
 * the renderers enforce them, and `SingleHostShop` checks its props against the same rules
 * first, so a prop that passes validation always renders.
 *
 * Internal: not exported from the package's entry point.
 */

/** A health-check path: '/', then letters, digits and `. _ ~ / ? = & % -` (a URL path and query). */
export const HEALTH_PATH = /^\/[A-Za-z0-9._~/?=&%-]*$/;

/**
 * A backend path prefix nginx routes: one or more `/segment`, each segment letters, digits and
 * `. _ ~ -`; so no `//`, no trailing `/`, no spaces, braces or quotes.
 */
export const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

/** The path ACME HTTP-01 challenges are served under; no backend prefix may hide it. */
export const ACME_PATH = '/.well-known/acme-challenge/';

/** A TCP port. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** What is wrong with a list of backend path prefixes, or undefined when nginx can route it. */
export function pathPrefixesProblem(prefixes: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    if (typeof prefix !== 'string' || !PATH_PREFIX.test(prefix)) {
      return `'${prefix}' is not a path prefix: it must be one or more '/segment' of letters, digits and . _ ~ - (no '//', no trailing '/', no spaces, braces or quotes)`;
    }
    // A shorter prefix such as /.well-known is fine: nginx prefers the longer ACME location.
    if (`${prefix}/`.startsWith(ACME_PATH)) {
      return `'${prefix}' would route the ACME challenge path ${ACME_PATH} away from certbot`;
    }
    if (seen.has(prefix)) return `'${prefix}' is listed twice`;
    seen.add(prefix);
  }
  return undefined;
}
