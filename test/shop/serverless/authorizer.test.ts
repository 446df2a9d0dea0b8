import { Template } from 'aws-cdk-lib/assertions';
import { CODE, fixture } from './api-fixtures';
import { authorize, JwtAuthorizerConfig, keyPair, mint } from './authorizer-jwt';
import { ShopApi } from '../../../src';
import { CfnResolver } from '../../helpers/cfn-resolver';

/*
 * Authorizer proof: the JWT authorizer ShopApi synthesizes, read back from the template, is
 * evaluated with API Gateway's documented validation (authorizer-jwt.ts) against tokens minted
 * here with a local key pair. The pool and client ids are what CloudFormation would give the
 * template's references.
 */

const POOL_ID = 'eu-west-1_AbCdEf123';
const CLIENT_ID = '4f1rst5t0refr0ntc1ient';
const OTHER_CLIENT_ID = '7an0therc1ientofthep00l';
const NOW = 1_800_000_000;

function synthesize() {
  const f = fixture();
  const other = f.userPool.addClient('Admin');
  new ShopApi(f.stack, 'Api', {
    userPool: f.userPool,
    userPoolClients: [f.client],
    routes: [
      { route: 'GET /api/products', code: CODE },
      {
        route: 'POST /api/orders',
        code: CODE,
        protected: true,
        authorizationScopes: ['shop/orders.write', 'shop/admin'],
      },
      { route: 'GET /api/account', code: CODE, protected: true },
    ],
  });
  const template = Template.fromStack(f.stack).toJSON();
  const ids: Record<string, string> = {
    [`<Ref:${f.stack.resolve(f.userPool.node.defaultChild && (f.userPool.node.defaultChild as any).logicalId)}>`]:
      POOL_ID,
    [`<Ref:${f.stack.resolve((f.client.node.defaultChild as any).logicalId)}>`]: CLIENT_ID,
    [`<Ref:${f.stack.resolve((other.node.defaultChild as any).logicalId)}>`]: OTHER_CLIENT_ID,
  };
  const resolver = new CfnResolver(template, 'eu-west-1', '111111111111');
  const value = (v: unknown): any => {
    const resolved = JSON.stringify(resolver.resolve(v));
    return JSON.parse(resolved.replace(/<Ref:[^>]+>/g, (ref) => ids[ref] ?? ref));
  };
  return { template, value };
}

/** The routes and their authorizers, as the template configures them. */
function routes() {
  const { template, value } = synthesize();
  const resources = template.Resources as Record<string, any>;
  const byKey: Record<string, { config?: JwtAuthorizerConfig; scopes?: string[]; type: string }> = {};
  for (const r of Object.values(resources).filter((x) => x.Type === 'AWS::ApiGatewayV2::Route')) {
    const authorizerId = r.Properties.AuthorizerId?.Ref;
    const authorizer = authorizerId ? resources[authorizerId] : undefined;
    byKey[r.Properties.RouteKey] = {
      type: r.Properties.AuthorizationType,
      scopes: r.Properties.AuthorizationScopes,
      config: authorizer && {
        identitySource: value(authorizer.Properties.IdentitySource),
        issuer: value(authorizer.Properties.JwtConfiguration.Issuer),
        audience: value(authorizer.Properties.JwtConfiguration.Audience),
      },
    };
  }
  return byKey;
}

const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`;
const signer = keyPair('key-1');
const impostor = keyPair('key-1'); // same kid, another key: a forged signature
const JWKS = { [ISSUER]: signer.jwks };

/** A Cognito access token's claims for the storefront client. */
function accessClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'c0ffee00-0000-4000-8000-000000000001',
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'shop/orders.write openid',
    iat: NOW - 60,
    nbf: NOW - 60,
    exp: NOW + 3600,
    ...extra,
  };
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe('the JWT authorizer read from the template', () => {
  const byKey = routes();
  const orders = byKey['POST /api/orders'];
  const account = byKey['GET /api/account'];
  const call = (route: typeof orders, request: { headers: Record<string, string | undefined> }) =>
    authorize(route.config!, route.scopes, request, JWKS, NOW);

  test("is configured with the pool's issuer, the storefront client as audience, the Authorization header", () => {
    expect(orders.config).toEqual({
      identitySource: ['$request.header.Authorization'],
      issuer: ISSUER,
      audience: [CLIENT_ID],
    });
    expect(orders.type).toBe('JWT');
    expect(orders.scopes).toEqual(['shop/orders.write', 'shop/admin']);
    expect(account.config).toEqual(orders.config);
  });

  test('unprotected routes have no authorizer', () => {
    expect(byKey['GET /api/products']).toEqual({ type: 'NONE', scopes: undefined, config: undefined });
  });

  test('a valid access token passes, with or without the Bearer prefix', () => {
    const token = mint(signer.privateKey, 'key-1', accessClaims());
    expect(call(orders, bearer(token))).toEqual({ status: 200 });
    expect(call(orders, { headers: { authorization: token } })).toEqual({ status: 200 });
  });

  test('a valid ID token (aud = the client) passes a route without scopes; aud wins over client_id', () => {
    const id = mint(
      signer.privateKey,
      'key-1',
      accessClaims({ aud: CLIENT_ID, client_id: undefined, token_use: 'id', scope: undefined }),
    );
    expect(call(account, bearer(id))).toEqual({ status: 200 });
    const mixed = mint(
      signer.privateKey,
      'key-1',
      accessClaims({ aud: OTHER_CLIENT_ID, client_id: CLIENT_ID }),
    );
    expect(call(orders, bearer(mixed))).toEqual({ status: 401, error: 'wrong audience' });
  });

  test.each([
    ['another client of the same pool', { client_id: OTHER_CLIENT_ID }, 'wrong audience'],
    ['expired', { exp: NOW - 1 }, 'expired'],
    [
      'another issuer',
      { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' },
      'wrong issuer',
    ],
    ['not valid yet', { nbf: NOW + 300 }, 'not yet valid'],
    ['issued in the future', { iat: NOW + 300 }, 'issued in the future'],
    ['no expiry', { exp: undefined }, 'expired'],
  ])('refused with 401: %s', (_name, extra, error) => {
    const token = mint(signer.privateKey, 'key-1', accessClaims(extra));
    expect(call(orders, bearer(token))).toEqual({ status: 401, error });
  });

  test('refused with 401: a bad signature, an unknown kid, a missing header, garbage', () => {
    expect(call(orders, bearer(mint(impostor.privateKey, 'key-1', accessClaims())))).toEqual({
      status: 401,
      error: 'bad signature',
    });
    expect(call(orders, bearer(mint(signer.privateKey, 'key-2', accessClaims())))).toEqual({
      status: 401,
      error: 'no key for kid',
    });
    expect(call(orders, { headers: {} })).toEqual({ status: 401, error: 'missing token' });
    expect(
      call(orders, { headers: { 'X-Token': mint(signer.privateKey, 'key-1', accessClaims()) } }),
    ).toEqual({
      status: 401,
      error: 'missing token',
    });
    expect(call(orders, bearer('not.a.jwt'))).toEqual({ status: 401, error: 'malformed token' });
    // a token whose payload was changed after signing
    const [h, , s] = mint(signer.privateKey, 'key-1', accessClaims()).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify(accessClaims({ sub: 'someone-else' }))).toString('base64url')}.${s}`;
    expect(call(orders, bearer(forged))).toEqual({ status: 401, error: 'bad signature' });
  });

  test('refused with 403: a valid token without any of the route scopes; one of them is enough', () => {
    const noScope = mint(signer.privateKey, 'key-1', accessClaims({ scope: 'openid profile' }));
    expect(call(orders, bearer(noScope))).toEqual({ status: 403, error: 'insufficient_scope' });
    const admin = mint(signer.privateKey, 'key-1', accessClaims({ scope: 'shop/admin' }));
    expect(call(orders, bearer(admin))).toEqual({ status: 200 });
    // the same scope-less token passes the protected route that asks for no scope
    expect(call(account, bearer(noScope))).toEqual({ status: 200 });
  });
});
