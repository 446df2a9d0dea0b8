import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ShopCustomers, ShopCustomersProps } from '../../../src/shop/serverless';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };
const SHOP = { shopDomainName: 'shop.example.com' };

function build(props: (stack: Stack) => ShopCustomersProps) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  return () => new ShopCustomers(stack, 'Customers', props(stack));
}

describe('ShopCustomers rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => ShopCustomersProps, RegExp]>([
    [
      'threat protection on Essentials (the default plan)',
      () => ({ threatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION }),
      /^Stack\/Customers: invalid 'threatProtection': FULL_FUNCTION needs the Plus feature plan, and the pool is on Essentials\. Give featurePlan: FeaturePlan\.PLUS/,
    ],
    [
      'audit-only threat protection on Lite',
      () => ({
        featurePlan: cognito.FeaturePlan.LITE,
        threatProtection: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      }),
      /invalid 'threatProtection': AUDIT_ONLY needs the Plus feature plan, and the pool is on Lite/,
    ],
    [
      'a password minimum length of 7',
      () => ({ passwordPolicy: { minLength: 7 } }),
      /invalid 'passwordPolicy\.minLength': 7 is not a whole number from 8 to 99\. Give 8 to 99 characters/,
    ],
    [
      'a password minimum length of 100',
      () => ({ passwordPolicy: { minLength: 100 } }),
      /invalid 'passwordPolicy\.minLength': 100 is not a whole number from 8 to 99/,
    ],
    [
      'a password minimum length from a parameter',
      (s) => ({
        passwordPolicy: { minLength: new CfnParameter(s, 'Len', { type: 'Number' }).valueAsNumber },
      }),
      /invalid 'passwordPolicy\.minLength': is a token .*Give a literal/,
    ],
    [
      'second factors with MFA off',
      () => ({ mfa: cognito.Mfa.OFF, mfaSecondFactor: { otp: true, sms: false } }),
      /invalid 'mfaSecondFactor': is given while mfa is OFF/,
    ],
    [
      'MFA with no factor allowed',
      () => ({ mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: false, sms: false } }),
      /invalid 'mfaSecondFactor': allows no factor, so MFA could never be set up\. Give otp: true/,
    ],
    [
      "a domain prefix containing 'aws'",
      () => ({ ...SHOP, domainPrefix: 'my-aws-shop' }),
      /invalid 'domainPrefix': 'my-aws-shop' contains 'aws', which Cognito does not allow.*without 'aws', 'amazon' or 'cognito'/,
    ],
    [
      "a domain prefix containing 'amazon'",
      () => ({ ...SHOP, domainPrefix: 'amazonshop' }),
      /invalid 'domainPrefix': 'amazonshop' contains 'amazon'/,
    ],
    [
      "a domain prefix containing 'cognito'",
      () => ({ ...SHOP, domainPrefix: 'shop-cognito' }),
      /invalid 'domainPrefix': 'shop-cognito' contains 'cognito'/,
    ],
    [
      'a domain prefix with upper case',
      () => ({ ...SHOP, domainPrefix: 'ExampleShop' }),
      /invalid 'domainPrefix': 'ExampleShop' is not a Cognito domain prefix: lower-case letters/,
    ],
    [
      'a domain prefix starting with a hyphen',
      () => ({ ...SHOP, domainPrefix: '-shop' }),
      /invalid 'domainPrefix': '-shop' is not a Cognito domain prefix/,
    ],
    [
      'a domain prefix of 64 characters',
      () => ({ ...SHOP, domainPrefix: 'a'.repeat(64) }),
      /invalid 'domainPrefix': 'a{64}' is not a Cognito domain prefix.*at most 63/,
    ],
    [
      'a domain prefix without any callback URL',
      () => ({ domainPrefix: 'example-shop' }),
      /invalid 'domainPrefix': gives hosted sign-in pages, and they need a callback URL.*Give shopDomainName/,
    ],
    [
      'a plain HTTP callback URL',
      () => ({ callbackUrls: ['http://shop.example.com/auth/callback'] }),
      /invalid 'callbackUrls\[0\]': 'http:\/\/shop\.example\.com\/auth\/callback' is plain HTTP, which Cognito accepts only for http:\/\/localhost\. Give an absolute https:\/\/ URL/,
    ],
    [
      'a relative callback URL',
      () => ({ callbackUrls: ['https://shop.example.com/ok', '/auth/callback'] }),
      /invalid 'callbackUrls\[1\]': '\/auth\/callback' is not an absolute URL/,
    ],
    [
      'a callback URL with a fragment',
      () => ({ callbackUrls: ['https://shop.example.com/#/callback'] }),
      /invalid 'callbackUrls\[0\]': .* has a fragment, which Cognito refuses/,
    ],
    [
      'a custom-scheme callback URL',
      () => ({ callbackUrls: ['myshop://callback'] }),
      /invalid 'callbackUrls\[0\]': 'myshop:\/\/callback' uses the myshop: scheme, not https:.*needs a client of its own \(userPool\.addClient\)/,
    ],
    [
      'a callback URL over 1,024 characters',
      () => ({ callbackUrls: [`https://shop.example.com/${'a'.repeat(1010)}`] }),
      /invalid 'callbackUrls\[0\]': .* is 1035 characters, over Cognito's 1,024/,
    ],
    [
      'an empty callback URL list',
      () => ({ callbackUrls: [] }),
      /invalid 'callbackUrls': 0 URLs are not 1 to 100\. Give 1 to 100 URLs, or leave callbackUrls out/,
    ],
    [
      '101 callback URLs',
      () => ({ callbackUrls: Array.from({ length: 101 }, (_, i) => `https://shop.example.com/cb${i}`) }),
      /invalid 'callbackUrls': 101 URLs are not 1 to 100/,
    ],
    [
      'a plain HTTP logout URL',
      () => ({ ...SHOP, logoutUrls: ['http://shop.example.com/'] }),
      /invalid 'logoutUrls\[0\]': 'http:\/\/shop\.example\.com\/' is plain HTTP/,
    ],
    [
      'logout URLs without callback URLs',
      () => ({ logoutUrls: ['https://shop.example.com/'] }),
      /invalid 'logoutUrls': are given without callbackUrls or shopDomainName/,
    ],
    [
      'a shop domain name with a scheme',
      () => ({ shopDomainName: 'https://shop.example.com' }),
      /invalid 'shopDomainName': 'https:\/\/shop\.example\.com' is not a domain name\. Give the storefront's host name alone/,
    ],
    [
      'a shop domain name with a path',
      () => ({ shopDomainName: 'shop.example.com/store' }),
      /invalid 'shopDomainName': 'shop\.example\.com\/store' is not a domain name/,
    ],
    [
      'an access token valid 4 minutes',
      () => ({ accessTokenValidity: Duration.minutes(4) }),
      /invalid 'accessTokenValidity': 4 minutes is outside Cognito's 5 minutes to 1 day/,
    ],
    [
      'an ID token valid 2 days',
      () => ({ idTokenValidity: Duration.days(2) }),
      /invalid 'idTokenValidity': 2 days is outside Cognito's 5 minutes to 1 day/,
    ],
    [
      'a refresh token valid 30 minutes',
      () => ({ refreshTokenValidity: Duration.minutes(30) }),
      /invalid 'refreshTokenValidity': 30 minutes is outside Cognito's 60 minutes to 10 years/,
    ],
    [
      'a refresh token valid 11 years',
      () => ({ refreshTokenValidity: Duration.days(4015) }),
      /invalid 'refreshTokenValidity': 4015 days is outside Cognito's 60 minutes to 10 years/,
    ],
    [
      'an access token outliving the refresh token',
      () => ({ accessTokenValidity: Duration.hours(12), refreshTokenValidity: Duration.hours(2) }),
      /invalid 'accessTokenValidity': 12 hours is longer than the refresh token's 2 hours, which Cognito refuses/,
    ],
    [
      'a token validity in part minutes',
      () => ({ idTokenValidity: Duration.seconds(330) }),
      /invalid 'idTokenValidity': 5 minutes 30 seconds is not a whole number of minutes/,
    ],
    [
      'a token validity from a parameter',
      (s) => ({
        accessTokenValidity: Duration.minutes(
          new CfnParameter(s, 'Minutes', { type: 'Number' }).valueAsNumber,
        ),
      }),
      /invalid 'accessTokenValidity': is a token .*Give a literal: Duration\.minutes\(n\)/,
    ],
    [
      'RemovalPolicy.SNAPSHOT',
      () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }),
      /invalid 'removalPolicy': RemovalPolicy\.SNAPSHOT does not apply to a user pool/,
    ],
    [
      'deletion protection with DESTROY',
      () => ({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true }),
      /invalid 'deletionProtection': is true while removalPolicy is DESTROY/,
    ],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('what is accepted at the edges: 8 and 99 characters, 5 minutes, 10 years, localhost, tokens', () => {
    for (const props of [
      { passwordPolicy: { minLength: 8 } },
      { passwordPolicy: { minLength: 99 } },
      { accessTokenValidity: Duration.minutes(5), idTokenValidity: Duration.days(1) },
      { refreshTokenValidity: Duration.days(3650) },
      { callbackUrls: ['http://localhost:3000/auth/callback'], domainPrefix: 'example-shop-dev' },
    ] as ShopCustomersProps[]) {
      expect(build(() => props)).not.toThrow();
    }
    expect(build((s) => ({ shopDomainName: new CfnParameter(s, 'Domain').valueAsString }))).not.toThrow();
  });
});
