import * as crypto from 'crypto';

/*
 * JWTs for the authorizer proof: RS256 tokens minted with a local key pair and its JWKS, and
 * API Gateway's documented validation of them by an HTTP API JWT authorizer
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html):
 *
 * 1. the identitySource holds the token, alone or after `Bearer `;
 * 2. decode it;
 * 3. check its algorithm (RSA only) and its signature with the issuer's public key, the key
 *    named by `kid` in the issuer's JWKS;
 * 4. claims: `iss` is the issuer configured; `aud`, or `client_id` when there is no `aud`, is one
 *    of the audience entries (`aud` is evaluated when both are present); `exp` is after now; `nbf`
 *    and `iat` are before now when present; `scope` (or `scp`) holds at least one of the route's
 *    authorization scopes, when it has any.
 *
 * A token that fails 1-4 is answered 401 Unauthorized; a valid token without a required scope
 * 403 Forbidden (www-authenticate `error="insufficient_scope"`,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html).
 */

export interface Jwks {
  readonly keys: Array<{ [field: string]: unknown; kid: string; alg: string; use: string }>;
}

/** An RSA key pair and the JWKS that publishes its public half under `kid`. */
export function keyPair(kid: string): { privateKey: crypto.KeyObject; jwks: Jwks } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
  };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A signed RS256 JWT. */
export function mint(privateKey: crypto.KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** An authorizer as the template configures it, every value resolved. */
export interface JwtAuthorizerConfig {
  readonly identitySource: string[];
  readonly issuer: string;
  readonly audience: string[];
}

export interface JwtRequest {
  readonly headers: Record<string, string | undefined>;
}

export interface JwtDecision {
  readonly status: 200 | 401 | 403;
  readonly error?: string;
}

/**
 * API Gateway's answer to a request on a route with this authorizer and these scopes, given the
 * JWKS each issuer publishes and the current time in seconds.
 */
export function authorize(
  config: JwtAuthorizerConfig,
  scopes: string[] | undefined,
  request: JwtRequest,
  jwksByIssuer: Record<string, Jwks>,
  now: number,
): JwtDecision {
  const deny = (error: string): JwtDecision => ({ status: 401, error });
  // 1. identity source: only '$request.header.<name>' is used by ShopApi
  const headerName = /^\$request\.header\.(.+)$/.exec(config.identitySource[0] ?? '')?.[1];
  if (!headerName) return deny('unsupported identity source');
  const raw = Object.entries(request.headers).find(
    ([k]) => k.toLowerCase() === headerName.toLowerCase(),
  )?.[1];
  if (!raw) return deny('missing token');
  const token = raw.startsWith('Bearer ') ? raw.slice('Bearer '.length) : raw;
  // 2. decode
  const parts = token.split('.');
  if (parts.length !== 3) return deny('malformed token');
  let header: any;
  let claims: any;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch {
    return deny('malformed token');
  }
  // 3. algorithm and signature, with the configured issuer's key named by kid
  if (!/^RS(256|384|512)$/.test(header.alg)) return deny('unsupported algorithm');
  const jwks = jwksByIssuer[config.issuer];
  const jwk = jwks?.keys.find((k) => k.kid === header.kid);
  if (!jwk) return deny('no key for kid');
  const publicKey = crypto.createPublicKey({ key: jwk as any, format: 'jwk' });
  const digest = `sha${header.alg.slice(2)}`;
  const valid = crypto.verify(
    digest,
    Buffer.from(`${parts[0]}.${parts[1]}`),
    publicKey,
    Buffer.from(parts[2], 'base64url'),
  );
  if (!valid) return deny('bad signature');
  // 4. claims
  if (claims.iss !== config.issuer) return deny('wrong issuer');
  const audiences =
    claims.aud !== undefined ? [claims.aud].flat() : claims.client_id !== undefined ? [claims.client_id] : [];
  if (!audiences.some((a: unknown) => typeof a === 'string' && config.audience.includes(a))) {
    return deny('wrong audience');
  }
  if (typeof claims.exp !== 'number' || claims.exp <= now) return deny('expired');
  if (claims.nbf !== undefined && !(claims.nbf <= now)) return deny('not yet valid');
  if (claims.iat !== undefined && !(claims.iat <= now)) return deny('issued in the future');
  if (scopes && scopes.length > 0) {
    const held = String(claims.scope ?? claims.scp ?? '')
      .split(' ')
      .filter((s) => s.length > 0);
    if (!scopes.some((s) => held.includes(s))) return { status: 403, error: 'insufficient_scope' };
  }
  return { status: 200 };
}
