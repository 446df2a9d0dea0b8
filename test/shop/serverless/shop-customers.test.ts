import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ShopCustomers, ShopCustomersProps } from '../../../src/shop/serverless';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };

function synth(props: ShopCustomersProps = {}) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  const customers = new ShopCustomers(stack, 'Customers', props);
  return { stack, customers, template: Template.fromStack(stack) };
}

function only(template: Template, type: string): any {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('ShopCustomers defaults: the user pool', () => {
  const { template, customers } = synth();
  const pool = only(template, 'AWS::Cognito::UserPool');
  const props = pool.Properties;

  test('an explicit feature plan, Essentials, and no threat protection add-on', () => {
    expect(props.UserPoolTier).toBe('ESSENTIALS');
    expect(props.UserPoolAddOns).toBeUndefined();
    expect(customers.featurePlan).toBe(cognito.FeaturePlan.ESSENTIALS);
  });

  test('e-mail is the username, verified by a code, case-insensitive, changed only once verified', () => {
    expect(props.UsernameAttributes).toEqual(['email']);
    expect(props.AliasAttributes).toBeUndefined();
    expect(props.AutoVerifiedAttributes).toEqual(['email']);
    expect(props.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(props.UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ['email'],
    });
    expect(props.Schema).toEqual([{ Name: 'email', Required: true, Mutable: true }]);
  });

  test('passwords of at least 12 characters with all four character classes', () => {
    expect(props.Policies.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  test('MFA optional with TOTP only (no SMS, no SMS role)', () => {
    expect(props.MfaConfiguration).toBe('OPTIONAL');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(props.SmsConfiguration).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('account recovery by e-mail only, self sign-up on', () => {
    expect(props.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
    });
    expect(props.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false });
  });

  test('deletion protection and RETAIN', () => {
    expect(props.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
  });

  test("Cognito's own e-mail sender", () => {
    expect(props.EmailConfiguration).toBeUndefined();
  });

  test('no hosted domain, and the pool is the default child', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
    expect(customers.domain).toBeUndefined();
    expect(customers.node.defaultChild).toBe(customers.userPool);
  });
});

describe('ShopCustomers defaults: the storefront client', () => {
  test('public, SRP and refresh only, no OAuth without URLs, no existence errors, revocable tokens', () => {
    const { template, customers } = synth();
    const client = only(template, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.CallbackURLs).toBeUndefined();
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.EnableTokenRevocation).toBe(true);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(customers.callbackUrls).toEqual([]);
  });

  test('token validities: 1 hour access and ID, 30 days refresh, in minutes', () => {
    const client = only(synth().template, 'AWS::Cognito::UserPoolClient').Properties;
    expect([client.AccessTokenValidity, client.IdTokenValidity, client.RefreshTokenValidity]).toEqual([
      60,
      60,
      30 * 24 * 60,
    ]);
    expect(client.TokenValidityUnits).toEqual({
      AccessToken: 'minutes',
      IdToken: 'minutes',
      RefreshToken: 'minutes',
    });
  });

  test('issuerUrl is the user pool issuer the JWT authorizer checks', () => {
    const { stack, customers } = synth();
    expect(stack.resolve(customers.issuerUrl)).toEqual({
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.us-east-1.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: stack.resolve(customers.userPool.userPoolId).Ref },
        ],
      ],
    });
  });
});

describe('ShopCustomers props', () => {
  test("the shop's domain gives the callback and logout URLs and the code grant (no implicit grant)", () => {
    const { template, customers } = synth({ shopDomainName: 'shop.example.com' });
    const client = only(template, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.CallbackURLs).toEqual(['https://shop.example.com/auth/callback']);
    expect(client.LogoutURLs).toEqual(['https://shop.example.com/']);
    expect(customers.callbackUrls).toEqual(['https://shop.example.com/auth/callback']);
  });

  test('callback and logout URLs as props win over the domain, localhost allowed', () => {
    const client = only(
      synth({
        shopDomainName: 'shop.example.com',
        callbackUrls: ['https://shop.example.com/signed-in', 'http://localhost:3000/signed-in'],
        logoutUrls: ['https://shop.example.com/bye'],
      }).template,
      'AWS::Cognito::UserPoolClient',
    ).Properties;
    expect(client.CallbackURLs).toEqual([
      'https://shop.example.com/signed-in',
      'http://localhost:3000/signed-in',
    ]);
    expect(client.LogoutURLs).toEqual(['https://shop.example.com/bye']);
  });

  test('callback URLs without logout URLs: no logout URLs', () => {
    const client = only(
      synth({ callbackUrls: ['https://shop.example.com/cb'] }).template,
      'AWS::Cognito::UserPoolClient',
    );
    expect(client.Properties.LogoutURLs).toBeUndefined();
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
  });

  test('a hosted domain: managed login version 2 and the default style on the storefront client', () => {
    const { template, customers, stack } = synth({
      shopDomainName: 'shop.example.com',
      domainPrefix: 'example-shop',
    });
    const poolRef = { Ref: stack.resolve(customers.userPool.userPoolId).Ref };
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-shop',
      ManagedLoginVersion: 2,
      UserPoolId: poolRef,
      CustomDomainConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: poolRef,
      ClientId: stack.resolve(customers.userPoolClient.userPoolClientId),
      UseCognitoProvidedValues: true,
    });
    expect(customers.domain).toBeDefined();
  });

  test('a hosted domain on Lite: the classic hosted UI, no managed login style', () => {
    const { template } = synth({
      featurePlan: cognito.FeaturePlan.LITE,
      shopDomainName: 'shop.example.com',
      domainPrefix: 'example-shop',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'LITE' });
  });

  test('Plus: threat protection FULL_FUNCTION (ENFORCED) through the feature plan, not the escape hatch', () => {
    const { template } = synth({ featurePlan: cognito.FeaturePlan.PLUS });
    const props = only(template, 'AWS::Cognito::UserPool').Properties;
    expect(props.UserPoolTier).toBe('PLUS');
    expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  test('Plus with audit only', () => {
    const { template } = synth({
      featurePlan: cognito.FeaturePlan.PLUS,
      threatProtection: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    });
    expect(only(template, 'AWS::Cognito::UserPool').Properties.UserPoolAddOns).toEqual({
      AdvancedSecurityMode: 'AUDIT',
    });
  });

  test('MFA required, with TOTP', () => {
    const props = only(synth({ mfa: cognito.Mfa.REQUIRED }).template, 'AWS::Cognito::UserPool').Properties;
    expect(props.MfaConfiguration).toBe('ON');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  test('MFA off: no second factors', () => {
    const props = only(synth({ mfa: cognito.Mfa.OFF }).template, 'AWS::Cognito::UserPool').Properties;
    expect(props.MfaConfiguration).toBe('OFF');
    expect(props.EnabledMfas).toBeUndefined();
  });

  test('a password policy of your own merges over the defaults', () => {
    const props = only(
      synth({ passwordPolicy: { minLength: 16, requireSymbols: false } }).template,
      'AWS::Cognito::UserPool',
    ).Properties;
    expect(props.Policies.PasswordPolicy).toEqual({
      MinimumLength: 16,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
    });
  });

  test('self sign-up off: invitations only', () => {
    const props = only(synth({ selfSignUp: false }).template, 'AWS::Cognito::UserPool').Properties;
    expect(props.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
  });

  test('token validities as props', () => {
    const client = only(
      synth({
        accessTokenValidity: Duration.minutes(15),
        idTokenValidity: Duration.minutes(30),
        refreshTokenValidity: Duration.days(7),
      }).template,
      'AWS::Cognito::UserPoolClient',
    ).Properties;
    expect([client.AccessTokenValidity, client.IdTokenValidity, client.RefreshTokenValidity]).toEqual([
      15,
      30,
      7 * 24 * 60,
    ]);
  });

  test('SES e-mail', () => {
    const props = only(
      synth({
        email: cognito.UserPoolEmail.withSES({ fromEmail: 'shop@example.com', sesRegion: 'us-east-1' }),
      }).template,
      'AWS::Cognito::UserPool',
    ).Properties;
    expect(props.EmailConfiguration).toEqual(
      expect.objectContaining({ EmailSendingAccount: 'DEVELOPER', From: 'shop@example.com' }),
    );
  });

  test('DESTROY: deleted with the stack, deletion protection off', () => {
    const pool = only(synth({ removalPolicy: RemovalPolicy.DESTROY }).template, 'AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Delete');
    expect(pool.Properties.DeletionProtection).toBe('INACTIVE');
  });
});
