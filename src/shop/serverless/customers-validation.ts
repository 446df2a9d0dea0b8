import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { COGNITO_LIMITS } from './customers-limits';
import type { ShopCustomersProps } from './shop-customers';
import { checkWholeNumber } from '../../private/checks';
import { invalidProp, requireLiteral } from '../../private/errors';

/** A host name: labels of letters, digits and inner hyphens, with a top-level domain. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** Rejects props Cognito would refuse at deploy time, or that leave customers unable to sign in. */
export function validateCustomersProps(scope: IConstruct, props: ShopCustomersProps): void {
  checkThreatProtection(scope, props);
  checkMfa(scope, props);
  const minLength = props.passwordPolicy?.minLength;
  checkWholeNumber(
    scope,
    'passwordPolicy.minLength',
    minLength,
    COGNITO_LIMITS.minPasswordLength,
    COGNITO_LIMITS.maxPasswordLength,
    'characters',
    'Give 8 to 99 characters (Cognito allows 6, but 8 is the least NIST SP 800-63B accepts); the default is 12.',
  );
  checkShopDomainName(scope, props.shopDomainName);
  checkUrls(scope, 'callbackUrls', props.callbackUrls);
  checkUrls(scope, 'logoutUrls', props.logoutUrls);
  const hasCallbacks = props.callbackUrls !== undefined || props.shopDomainName !== undefined;
  if (props.logoutUrls !== undefined && !hasCallbacks) {
    throw invalidProp(
      scope,
      'logoutUrls',
      'are given without callbackUrls or shopDomainName, and sign-out redirects belong to the OAuth sign-in they end',
      'Give callbackUrls (or shopDomainName) too, or leave logoutUrls out.',
    );
  }
  checkDomainPrefix(scope, props.domainPrefix);
  if (props.domainPrefix !== undefined && !hasCallbacks) {
    throw invalidProp(
      scope,
      'domainPrefix',
      'gives hosted sign-in pages, and they need a callback URL to send customers back to the storefront',
      'Give shopDomainName (callbacks go to https://<shopDomainName>/auth/callback) or callbackUrls.',
    );
  }
  checkTokenValidities(scope, props);
  checkRemoval(scope, props);
}

function checkThreatProtection(scope: IConstruct, props: ShopCustomersProps): void {
  const mode = props.threatProtection;
  const plan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
  if (
    mode !== undefined &&
    mode !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT &&
    plan !== cognito.FeaturePlan.PLUS
  ) {
    throw invalidProp(
      scope,
      'threatProtection',
      `${mode === cognito.StandardThreatProtectionMode.AUDIT_ONLY ? 'AUDIT_ONLY' : 'FULL_FUNCTION'} needs the Plus feature plan, and the pool is on ${plan === cognito.FeaturePlan.LITE ? 'Lite' : 'Essentials'}`,
      'Give featurePlan: FeaturePlan.PLUS with it, or leave threatProtection out.',
    );
  }
}

function checkMfa(scope: IConstruct, props: ShopCustomersProps): void {
  const factors = props.mfaSecondFactor;
  if (factors === undefined) return;
  if (props.mfa === cognito.Mfa.OFF) {
    throw invalidProp(
      scope,
      'mfaSecondFactor',
      'is given while mfa is OFF, so no customer could use it',
      'Give mfa: Mfa.OPTIONAL or Mfa.REQUIRED, or leave mfaSecondFactor out.',
    );
  }
  if (!factors.otp && !factors.sms && !factors.email) {
    throw invalidProp(
      scope,
      'mfaSecondFactor',
      'allows no factor, so MFA could never be set up',
      'Give otp: true (an authenticator app, free), or turn mfa OFF.',
    );
  }
}

function checkShopDomainName(scope: IConstruct, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (!HOST_NAME.test(name)) {
    throw invalidProp(
      scope,
      'shopDomainName',
      `'${name}' is not a domain name`,
      "Give the storefront's host name alone, such as 'shop.example.com' (no https://, no path).",
    );
  }
}

function checkUrls(scope: IConstruct, prop: 'callbackUrls' | 'logoutUrls', urls: string[] | undefined): void {
  if (urls === undefined) return;
  if (urls.length === 0 || urls.length > COGNITO_LIMITS.maxUrls) {
    throw invalidProp(
      scope,
      prop,
      `${urls.length} URLs are not 1 to ${COGNITO_LIMITS.maxUrls}`,
      `Give 1 to ${COGNITO_LIMITS.maxUrls} URLs, or leave ${prop} out.`,
    );
  }
  urls.forEach((url, i) => {
    if (Token.isUnresolved(url)) return;
    const problem = urlProblem(url);
    if (problem) {
      throw invalidProp(
        scope,
        `${prop}[${i}]`,
        `'${url}' ${problem}`,
        'Give an absolute https:// URL without a fragment (http://localhost is allowed for local development); an app with a custom URL scheme needs a client of its own (userPool.addClient).',
      );
    }
  });
}

function urlProblem(url: string): string | undefined {
  if (url.length > COGNITO_LIMITS.maxUrlLength) return `is ${url.length} characters, over Cognito's 1,024`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.hash !== '' || url.includes('#')) return 'has a fragment, which Cognito refuses';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && parsed.hostname === 'localhost') return undefined;
  return parsed.protocol === 'http:'
    ? 'is plain HTTP, which Cognito accepts only for http://localhost'
    : `uses the ${parsed.protocol} scheme, not https:`;
}

function checkDomainPrefix(scope: IConstruct, prefix: string | undefined): void {
  if (prefix === undefined || Token.isUnresolved(prefix)) return;
  if (!COGNITO_LIMITS.domainPrefix.test(prefix)) {
    throw invalidProp(
      scope,
      'domainPrefix',
      `'${prefix}' is not a Cognito domain prefix: lower-case letters, digits and hyphens (not first or last), at most 63 characters`,
      "Give a prefix such as 'example-shop'; the domain becomes example-shop.auth.<region>.amazoncognito.com.",
    );
  }
  const reserved = COGNITO_LIMITS.reservedDomainWords.find((word) => prefix.includes(word));
  if (reserved) {
    throw invalidProp(
      scope,
      'domainPrefix',
      `'${prefix}' contains '${reserved}', which Cognito does not allow in a domain prefix`,
      "Give a prefix without 'aws', 'amazon' or 'cognito', such as your shop's name.",
    );
  }
}

function checkTokenValidities(scope: IConstruct, props: ShopCustomersProps): void {
  const access = minutesOf(scope, 'accessTokenValidity', props.accessTokenValidity);
  const id = minutesOf(scope, 'idTokenValidity', props.idTokenValidity);
  const refresh = minutesOf(scope, 'refreshTokenValidity', props.refreshTokenValidity);
  const [min, max] = [
    COGNITO_LIMITS.minTokenValidity.toMinutes(),
    COGNITO_LIMITS.maxTokenValidity.toMinutes(),
  ];
  for (const [prop, minutes] of [
    ['accessTokenValidity', access],
    ['idTokenValidity', id],
  ] as const) {
    if (minutes !== undefined && (minutes < min || minutes > max)) {
      throw invalidProp(
        scope,
        prop,
        `${Duration.minutes(minutes).toHumanString()} is outside Cognito's 5 minutes to 1 day`,
        'Give Duration.minutes(5) to Duration.days(1); the default is 1 hour.',
      );
    }
  }
  const [rMin, rMax] = [
    COGNITO_LIMITS.minRefreshTokenValidity.toMinutes(),
    COGNITO_LIMITS.maxRefreshTokenValidity.toMinutes(),
  ];
  if (refresh !== undefined && (refresh < rMin || refresh > rMax)) {
    throw invalidProp(
      scope,
      'refreshTokenValidity',
      `${Duration.minutes(refresh).toHumanString()} is outside Cognito's 60 minutes to 10 years`,
      'Give Duration.minutes(60) to Duration.days(3650); the default is 30 days.',
    );
  }
  const refreshMinutes = refresh ?? Duration.days(30).toMinutes();
  for (const [prop, minutes] of [
    ['accessTokenValidity', access],
    ['idTokenValidity', id],
  ] as const) {
    if (minutes !== undefined && minutes > refreshMinutes) {
      throw invalidProp(
        scope,
        prop,
        `${Duration.minutes(minutes).toHumanString()} is longer than the refresh token's ${Duration.minutes(refreshMinutes).toHumanString()}, which Cognito refuses`,
        'Give a refreshTokenValidity at least as long, or a shorter token.',
      );
    }
  }
}

function checkRemoval(scope: IConstruct, props: ShopCustomersProps): void {
  if (props.removalPolicy === RemovalPolicy.SNAPSHOT) {
    throw invalidProp(
      scope,
      'removalPolicy',
      'RemovalPolicy.SNAPSHOT does not apply to a user pool (CloudFormation keeps no snapshot of one)',
      'Give RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY.',
    );
  }
  if (props.deletionProtection === true && props.removalPolicy === RemovalPolicy.DESTROY) {
    throw invalidProp(
      scope,
      'deletionProtection',
      'is true while removalPolicy is DESTROY, so CloudFormation would fail to delete the user pool and the stack',
      'Leave deletionProtection out (it is off with DESTROY), or keep the pool with RemovalPolicy.RETAIN.',
    );
  }
}

/** The whole minutes of a literal duration, or undefined when none was given. */
function minutesOf(scope: IConstruct, prop: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  requireLiteral(scope, prop, value, 'Duration.minutes(n)');
  const ms = value.toMilliseconds();
  if (ms % 60000 !== 0) {
    throw invalidProp(
      scope,
      prop,
      `${value.toHumanString()} is not a whole number of minutes, the unit Cognito counts token validity in`,
      'Give whole minutes, hours or days, such as Duration.minutes(30).',
    );
  }
  return ms / 60000;
}
