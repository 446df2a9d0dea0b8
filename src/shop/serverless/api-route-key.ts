import { IConstruct } from 'constructs';
import { invalidProp } from '../../private/errors';

/**
 * Route keys as API Gateway reads them: `METHOD /path`, literal segments and whole-segment
 * variables, a greedy variable last.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#setup-method-resources
 */

/** The methods a route may use (ANY matches every method no other route of the path has). */
export const ROUTE_METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** The characters both API types accept in a literal path segment (a REST resource path part). */
const LITERAL_SEGMENT = /^[A-Za-z0-9._:-]+$/;
const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

export type SegmentKind = 'literal' | 'variable' | 'greedy';

export interface RouteSegment {
  readonly kind: SegmentKind;
  /** The literal text, or the variable's name. */
  readonly name: string;
}

export interface ParsedRoute {
  /** The route key as given. */
  readonly key: string;
  readonly method: string;
  /** The path, '/' for the root. */
  readonly path: string;
  readonly segments: RouteSegment[];
}

/** Parses and checks one route key; `prop` names it in errors (e.g. `routes[2].route`). */
export function parseRouteKey(scope: IConstruct, prop: string, key: string): ParsedRoute {
  const fail = (problem: string, fix: string) => invalidProp(scope, prop, `'${key}' ${problem}`, fix);
  const example = "Write it as 'GET /api/products/{id}'.";
  if (typeof key !== 'string' || key.length === 0) {
    throw invalidProp(scope, prop, 'is empty', `Give a route key. ${example}`);
  }
  if (key === '$default') {
    throw fail('is the HTTP API catch-all, which a REST API cannot express', "Use 'ANY /{proxy+}'.");
  }
  const parts = key.split(' ');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw fail('is not a method, one space and a path', example);
  }
  const [method, path] = parts;
  if (!ROUTE_METHODS.includes(method)) {
    const upper = method.toUpperCase();
    throw fail(
      `has method '${method}', which is not one of ${ROUTE_METHODS.join(', ')}`,
      ROUTE_METHODS.includes(upper) ? `Write the method in capitals: '${upper} ${path}'.` : example,
    );
  }
  if (!path.startsWith('/')) {
    throw fail("has a path that does not start with '/'", `Write '${method} /${path}'.`);
  }
  if (path === '/') return { key, method, path, segments: [] };
  if (path.endsWith('/')) {
    throw fail('has a trailing slash', `Write '${method} ${path.replace(/\/+$/, '')}'.`);
  }
  const segments = path
    .slice(1)
    .split('/')
    .map((text, i, all) => parseSegment(text, i === all.length - 1, fail));
  const names = segments.filter((s) => s.kind !== 'literal').map((s) => s.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) {
    throw fail(`names the path variable '{${repeated}}' twice`, 'Give each path variable its own name.');
  }
  return { key, method, path, segments };
}

function parseSegment(
  text: string,
  last: boolean,
  fail: (problem: string, fix: string) => Error,
): RouteSegment {
  if (text === '') throw fail("has an empty segment ('//')", 'Remove the doubled slash.');
  const variable = VARIABLE.exec(text);
  if (variable) {
    const greedy = variable[2] === '+';
    if (greedy && !last) {
      throw fail(
        `has the greedy variable '${text}' before the end of the path`,
        'A greedy variable {name+} must be the last segment.',
      );
    }
    return { kind: greedy ? 'greedy' : 'variable', name: variable[1] };
  }
  if (text.includes('{') || text.includes('}')) {
    throw fail(
      `has the segment '${text}', which is neither a literal nor a whole-segment variable`,
      'A variable is a whole segment, {name} or {name+}, its name letters, digits and underscores not starting with a digit.',
    );
  }
  if (!LITERAL_SEGMENT.test(text)) {
    throw fail(
      `has the segment '${text}' with characters API Gateway refuses in a path`,
      'Use letters, digits, ".", "_", "-" and ":".',
    );
  }
  return { kind: 'literal', name: text };
}

/** The route's shape: what two routes share when API Gateway would see the same route. */
function shape(route: ParsedRoute): string {
  const path = route.segments.map((s) =>
    s.kind === 'literal' ? s.name : s.kind === 'greedy' ? '{+}' : '{}',
  );
  return `${route.method} /${path.join('/')}`;
}

/**
 * Refuses two routes API Gateway would take for the same one (same method, same path up to
 * variable names), and for REST APIs two different variables at the same place of the tree
 * (a REST resource has at most one variable child).
 */
export function checkRouteConflicts(scope: IConstruct, routes: ParsedRoute[], rest: boolean): void {
  const seen = new Map<string, number>();
  routes.forEach((route, i) => {
    const s = shape(route);
    const earlier = seen.get(s);
    if (earlier !== undefined) {
      throw invalidProp(
        scope,
        `routes[${i}].route`,
        `'${route.key}' is the same route as routes[${earlier}] ('${routes[earlier].key}')`,
        'Give each method and path one route; merge the two handlers or change a path.',
      );
    }
    seen.set(s, i);
  });
  if (!rest) return;
  const variableAt = new Map<string, { text: string; index: number }>();
  routes.forEach((route, i) => {
    route.segments.forEach((segment, depth) => {
      if (segment.kind === 'literal') return;
      const parent = '/' + route.segments.slice(0, depth).map(segmentText).join('/');
      const text = segmentText(segment);
      const other = variableAt.get(parent);
      if (other && other.text !== text) {
        throw invalidProp(
          scope,
          `routes[${i}].route`,
          `'${route.key}' puts '${text}' under '${parent}', where routes[${other.index}] has '${other.text}'; a REST API resource has at most one variable child`,
          `Use the same variable, '${other.text}', in both routes.`,
        );
      }
      if (!other) variableAt.set(parent, { text, index: i });
    });
  });
}

/** A segment as written in a path. */
function segmentText(segment: RouteSegment): string {
  if (segment.kind === 'literal') return segment.name;
  return segment.kind === 'greedy' ? `{${segment.name}+}` : `{${segment.name}}`;
}
