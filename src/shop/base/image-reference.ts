/**
 * Docker's image reference grammar (distribution/reference), checked at synth so a reference
 * Docker refuses fails with the prop's name instead of on the host at `docker compose up`.
 *
 * Internal: not exported from the package's entry point.
 */

/** One path component: lower-case letters and digits, separated by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host (`ghcr.io`, `localhost`, `[::1]`), with an optional port. */
const REGISTRY =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::\d+)?$/;
/** A tag: a word character, then up to 127 word characters, `.` or `-`. */
export const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * What is wrong with a literal image reference such as `ghcr.io/acme/shop:1.0.0`, or undefined
 * when Docker accepts it.
 */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference === '') return 'it is empty';
  if (/\s/.test(reference)) return 'it has white space';
  let rest = reference;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return `digest '${digest}' is not sha256: and 64 lower-case hex digits`;
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    const tag = rest.slice(colon + 1);
    const problem = imageTagProblem(tag);
    if (problem) return problem;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  // Docker reads the first part as a registry when it has a '.' or ':', is localhost, or has capitals.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]))) {
    const registry = parts.shift()!;
    if (!REGISTRY.test(registry)) return `registry '${registry}' is not a host name with an optional port`;
  }
  const repository = parts.join('/');
  if (repository === '') return 'it names no repository';
  if (/[A-Z]/.test(repository)) {
    return `repository '${repository}' has upper-case letters, which Docker refuses`;
  }
  const bad = parts.find((part) => !PATH_COMPONENT.test(part));
  if (bad !== undefined) {
    return `repository part '${bad}' is not lower-case letters and digits separated by '.', '_', '__' or '-'`;
  }
  if (repository.length > 255) {
    return `repository '${repository.slice(0, 40)}...' is longer than 255 characters`;
  }
  return undefined;
}

/** What is wrong with an image tag, or undefined when Docker accepts it. */
export function imageTagProblem(tag: string): string | undefined {
  if (tag === '') return "the tag after ':' is empty";
  if (!IMAGE_TAG.test(tag)) {
    return `tag '${tag}' is not a word character followed by up to 127 word characters, '.' or '-'`;
  }
  return undefined;
}
