import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { createHostedDomain, createStorefrontClient, storefrontUrlsOf } from './customers-client';
import { acknowledgeCustomersFindings } from './customers-findings';
import { CUSTOMERS_DEFAULTS } from './customers-limits';
import type { ShopCustomersProps } from './customers-props';
import { validateCustomersProps } from './customers-validation';

/**
 * The shop's customers: a Cognito user pool with an explicit feature plan and an app client for
 * the storefront.
 *
 * Customers sign in with their e-mail address (the username, verified by a code, case-insensitive;
 * a changed address takes effect only once verified), a password of at least 12 characters, and
 * optionally an authenticator app (TOTP). They recover their account by e-mail only. The pool has
 * deletion protection and is retained when it leaves the stack.
 *
 * The storefront client is public (no secret) and uses the authorization code grant (the
 * storefront sends PKCE; Cognito does not require it of a client) or SRP, never the implicit
 * grant. With `domainPrefix`, Cognito hosts the sign-in pages (managed login).
 *
 * @exampleMetadata fixture=serverless
 * @example
 * const customers = new ShopCustomers(this, 'Customers', {
 *   shopDomainName: 'shop.example.com',
 *   domainPrefix: 'example-shop',
 * });
 * // customers.issuerUrl and customers.userPoolClient.userPoolClientId configure a JWT authorizer
 */
export class ShopCustomers extends Construct {
  /** The user pool. */
  public readonly userPool: cognito.UserPool;
  /** The storefront's app client: its id is the audience of the customers' tokens. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The hosted sign-in domain, when `domainPrefix` is given. */
  public readonly domain?: cognito.UserPoolDomain;
  /** The tokens' issuer, `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  public readonly issuerUrl: string;
  /** The feature plan the pool is on. */
  public readonly featurePlan: cognito.FeaturePlan;
  /** The storefront client's callback URLs (empty when it has no OAuth). */
  public readonly callbackUrls: string[];

  constructor(scope: Construct, id: string, props: ShopCustomersProps = {}) {
    super(scope, id);
    validateCustomersProps(this, props);
    this.featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const mfa = props.mfa ?? cognito.Mfa.OPTIONAL;
    const plus = this.featurePlan === cognito.FeaturePlan.PLUS;

    this.userPool = new cognito.UserPool(this, 'Resource', {
      featurePlan: this.featurePlan,
      standardThreatProtectionMode: plus
        ? (props.threatProtection ?? cognito.StandardThreatProtectionMode.FULL_FUNCTION)
        : undefined,
      selfSignUpEnabled: props.selfSignUp ?? true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa,
      mfaSecondFactor:
        mfa === cognito.Mfa.OFF ? undefined : (props.mfaSecondFactor ?? { otp: true, sms: false }),
      passwordPolicy: {
        minLength: CUSTOMERS_DEFAULTS.minPasswordLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        ...props.passwordPolicy,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      email: props.email,
      deletionProtection: props.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });

    const urls = storefrontUrlsOf(props);
    this.callbackUrls = urls.callbackUrls;
    this.userPoolClient = createStorefrontClient(this, this.userPool, props, urls);
    if (props.domainPrefix !== undefined) {
      this.domain = createHostedDomain(
        this,
        this.userPool,
        this.userPoolClient,
        props.domainPrefix,
        this.featurePlan,
      );
    }
    const stack = Stack.of(this);
    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    acknowledgeCustomersFindings(this, {
      featurePlan: this.featurePlan,
      mfa,
      passwordPolicy: props.passwordPolicy ?? {},
    });
  }
}
