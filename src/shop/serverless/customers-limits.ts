import { Duration } from 'aws-cdk-lib';

/**
 * Cognito's limits a `ShopCustomers` checks at synth time, and the defaults it chooses, each with
 * its source.
 */
export const COGNITO_LIMITS = {
  /**
   * Cognito accepts a minimum password length of 6 to 99; we refuse below 8, the floor of NIST
   * SP 800-63B and of cdk-nag's AwsSolutions-COG1.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
   */
  minPasswordLength: 8,
  maxPasswordLength: 99,
  /**
   * Access and ID tokens: 5 minutes to 1 day; refresh tokens: 60 minutes to 10 years, and no
   * shorter than the access and ID tokens.
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
   */
  minTokenValidity: Duration.minutes(5),
  maxTokenValidity: Duration.days(1),
  minRefreshTokenValidity: Duration.minutes(60),
  maxRefreshTokenValidity: Duration.days(3650),
  /**
   * Callback and logout URLs: at most 100 of each, 1 to 1,024 characters, absolute, no fragment,
   * HTTPS except http://localhost for testing.
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html
   */
  maxUrls: 100,
  maxUrlLength: 1024,
  /**
   * A Cognito domain prefix: lower-case letters, digits and hyphens, not first or last, at most
   * 63 characters, and not containing `aws`, `amazon` or `cognito`.
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
   */
  domainPrefix: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  reservedDomainWords: ['aws', 'amazon', 'cognito'],
} as const;

/** What a `ShopCustomers` picks where Cognito leaves a choice. */
export const CUSTOMERS_DEFAULTS = {
  /**
   * 12 characters: OWASP ASVS 4.0 requirement 2.1.1 ("at least 12 characters"); with MFA optional
   * the password is most customers' only factor.
   * @see https://owasp.org/www-project-application-security-verification-standard/
   */
  minPasswordLength: 12,
  /** Cognito's own defaults for access and ID tokens (1 hour) and refresh tokens (30 days). */
  accessTokenValidity: Duration.hours(1),
  idTokenValidity: Duration.hours(1),
  refreshTokenValidity: Duration.days(30),
  /** Where the storefront receives the authorization code, and where sign-out lands. */
  callbackPath: '/auth/callback',
  logoutPath: '/',
} as const;
