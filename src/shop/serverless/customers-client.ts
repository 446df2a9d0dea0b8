import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CUSTOMERS_DEFAULTS } from './customers-limits';
import type { ShopCustomersProps } from './shop-customers';

/** The storefront client's OAuth redirect URLs: given, derived from the shop's domain, or none. */
export interface StorefrontUrls {
  readonly callbackUrls: string[];
  readonly logoutUrls: string[];
}

/** The given URLs, else `https://<shopDomainName>/auth/callback` and `https://<shopDomainName>/`. */
export function storefrontUrlsOf(props: ShopCustomersProps): StorefrontUrls {
  const base = props.shopDomainName ? `https://${props.shopDomainName}` : undefined;
  return {
    callbackUrls: props.callbackUrls ?? (base ? [`${base}${CUSTOMERS_DEFAULTS.callbackPath}`] : []),
    logoutUrls: props.logoutUrls ?? (base ? [`${base}${CUSTOMERS_DEFAULTS.logoutPath}`] : []),
  };
}

/**
 * The app client the storefront (a browser app) signs customers in with: a public client (no
 * secret, which a browser could not keep), the authorization code grant only (no implicit grant,
 * which returns tokens in the URL), SRP for a sign-in form of the shop's own, refresh tokens that
 * can be revoked, and no hint whether an e-mail address has an account.
 *
 * Cognito supports PKCE (S256) on the authorization code grant but has no setting that requires
 * it of a client: the storefront's OAuth library must send `code_challenge` (Amplify and
 * oidc-client-ts do by default).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/using-pkce-in-authorization-code.html
 */
export function createStorefrontClient(
  scope: Construct,
  userPool: cognito.IUserPool,
  props: ShopCustomersProps,
  urls: StorefrontUrls,
): cognito.UserPoolClient {
  const oauth = urls.callbackUrls.length > 0;
  return new cognito.UserPoolClient(scope, 'StorefrontClient', {
    userPool,
    generateSecret: false,
    authFlows: { userSrp: true },
    disableOAuth: !oauth,
    oAuth: oauth
      ? {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: urls.callbackUrls,
          logoutUrls: urls.logoutUrls.length > 0 ? urls.logoutUrls : undefined,
        }
      : undefined,
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: props.accessTokenValidity ?? CUSTOMERS_DEFAULTS.accessTokenValidity,
    idTokenValidity: props.idTokenValidity ?? CUSTOMERS_DEFAULTS.idTokenValidity,
    refreshTokenValidity: props.refreshTokenValidity ?? CUSTOMERS_DEFAULTS.refreshTokenValidity,
  });
}

/**
 * The hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com`: managed login (version 2)
 * with Cognito's default style assigned to the storefront client, so its pages render without a
 * console step; the classic hosted UI on the Lite plan, which has no managed login.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
 */
export function createHostedDomain(
  scope: Construct,
  userPool: cognito.UserPool,
  client: cognito.UserPoolClient,
  domainPrefix: string,
  featurePlan: cognito.FeaturePlan,
): cognito.UserPoolDomain {
  const managedLogin = featurePlan !== cognito.FeaturePlan.LITE;
  const domain = new cognito.UserPoolDomain(scope, 'Domain', {
    userPool,
    cognitoDomain: { domainPrefix },
    managedLoginVersion: managedLogin
      ? cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN
      : cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
  });
  if (managedLogin) {
    const style = new cognito.CfnManagedLoginBranding(scope, 'LoginStyle', {
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    style.node.addDependency(domain);
  }
  return domain;
}
