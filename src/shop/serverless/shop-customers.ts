import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { createHostedDomain, createStorefrontClient, storefrontUrlsOf } from './customers-client';
import { acknowledgeCustomersFindings } from './customers-findings';
import { CUSTOMERS_DEFAULTS } from './customers-limits';
import { validateCustomersProps } from './customers-validation';

/**
 * Properties of `ShopCustomers`.
 */
export interface ShopCustomersProps {
  /**
   * The user pool's feature plan. Essentials has managed login, passwordless sign-in and e-mail
   * MFA, with 10,000 monthly active users free; Plus adds threat protection (adaptive
   * authentication, compromised-credential checks) at a higher price per user and no free tier;
   * Lite is the cheapest and has the classic hosted UI only.
   *
   * @default FeaturePlan.ESSENTIALS
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
   */
  readonly featurePlan?: cognito.FeaturePlan;

  /**
   * Threat protection for sign-in with passwords: FULL_FUNCTION blocks or challenges risky
   * sign-ins, AUDIT_ONLY only reports them. It needs `featurePlan: FeaturePlan.PLUS`; asking for
   * it with another plan is an error.
   *
   * @default - FULL_FUNCTION with the Plus plan; none with Essentials or Lite
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
   */
  readonly threatProtection?: cognito.StandardThreatProtectionMode;

  /**
   * Whether customers need a second factor to sign in. Optional lets each customer turn it on;
   * a shop that forces it loses sign-ups at checkout.
   *
   * @default Mfa.OPTIONAL
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
   */
  readonly mfa?: cognito.Mfa;

  /**
   * The second factors customers may use. TOTP (an authenticator app) is free; SMS is billed per
   * message by Amazon SNS (and is a target of SMS pumping fraud), e-mail codes need Amazon SES
   * (`email`).
   *
   * @default - TOTP only
   */
  readonly mfaSecondFactor?: cognito.MfaSecondFactor;

  /**
   * The password policy. Minimum length 8 to 99.
   *
   * @default - at least 12 characters with lower case, upper case, digits and symbols; temporary passwords valid 7 days
   */
  readonly passwordPolicy?: cognito.PasswordPolicy;

  /**
   * Whether customers can sign up themselves (a shop's usual case) rather than be invited.
   *
   * @default true
   */
  readonly selfSignUp?: boolean;

  /**
   * How the user pool sends e-mail (verification codes, password resets). Cognito's own sender
   * is limited to 50 e-mails a day for the account: give Amazon SES
   * (`UserPoolEmail.withSES(...)`) before launch.
   *
   * @default - Cognito's own e-mail sender
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
   */
  readonly email?: cognito.UserPoolEmail;

  /**
   * The shop's domain name (`shop.example.com`): the storefront client's callback and logout
   * URLs default to `https://<shopDomainName>/auth/callback` and `https://<shopDomainName>/`.
   *
   * @default - no default URLs: give `callbackUrls`, or the client has no OAuth (sign-in with SRP only)
   */
  readonly shopDomainName?: string;

  /**
   * Where the hosted sign-in sends the authorization code: HTTPS (http://localhost for local
   * development), at most 100.
   *
   * @default - `https://<shopDomainName>/auth/callback` when `shopDomainName` is given
   */
  readonly callbackUrls?: string[];

  /**
   * Where sign-out may redirect: HTTPS (http://localhost for local development), at most 100.
   *
   * @default - `https://<shopDomainName>/` when `shopDomainName` is given; none otherwise
   */
  readonly logoutUrls?: string[];

  /**
   * A Cognito domain for the hosted sign-in pages: `<domainPrefix>.auth.<region>.amazoncognito.com`,
   * with managed login (version 2; the classic hosted UI on the Lite plan). Lower-case letters,
   * digits and hyphens, without `aws`, `amazon` or `cognito`.
   *
   * @default - no hosted domain: the storefront signs customers in with the Cognito API (SRP)
   */
  readonly domainPrefix?: string;

  /**
   * How long an access token is valid, 5 minutes to 1 day.
   *
   * @default Duration.hours(1)
   */
  readonly accessTokenValidity?: Duration;

  /**
   * How long an ID token is valid, 5 minutes to 1 day.
   *
   * @default Duration.hours(1)
   */
  readonly idTokenValidity?: Duration;

  /**
   * How long a customer stays signed in without entering the password again: 60 minutes to
   * 10 years, and not shorter than the access and ID tokens.
   *
   * @default Duration.days(30)
   */
  readonly refreshTokenValidity?: Duration;

  /**
   * Whether Cognito refuses to delete the user pool until the protection is turned off.
   *
   * @default - true, unless `removalPolicy` is DESTROY
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the user pool when it leaves the stack: RETAIN, RETAIN_ON_UPDATE_OR_DELETE
   * or DESTROY. The pool holds the customers' accounts, which cannot be exported with their
   * passwords, so it is kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

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
