/**
 * Cognito user pools, priced per monthly active user by the pool's feature plan (`UserPoolTier`:
 * LITE, ESSENTIALS or PLUS; CloudFormation's default is ESSENTIALS). The account's 10,000 free
 * MAUs of the Lite and Essentials plans are an always-free allowance (allowances.ts); Plus has none.
 * @see https://aws.amazon.com/cognito/pricing/
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html#cfn-cognito-userpool-userpooltier
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 */
import { props, str } from '../cfn';
import { fmt, lines, notPriced, Pricer, PricerFamily } from './helpers';

const USER_POOL_SHARE = 'cognito';

/** The price key of each feature plan. */
const PLAN_KEYS: { readonly [tier: string]: string } = {
  LITE: 'cognito.lite.perMau',
  ESSENTIALS: 'cognito.essentials.perMau',
  PLUS: 'cognito.plus.perMau',
};

const PLAN_NAMES: { readonly [tier: string]: string } = {
  LITE: 'Lite',
  ESSENTIALS: 'Essentials',
  PLUS: 'Plus',
};

const userPool: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const tier = p.UserPoolTier === undefined ? 'ESSENTIALS' : str(p.UserPoolTier);
  if (tier === undefined) {
    return notPriced('UserPoolTier is not a literal');
  }
  const key = PLAN_KEYS[tier];
  if (key === undefined) {
    return notPriced(`UserPoolTier ${tier} is not LITE, ESSENTIALS or PLUS`);
  }
  const n = ctx.share(USER_POOL_SHARE);
  const mau = ctx.assumptions.monthlyActiveUsers / n;
  const addOn = str(p.UserPoolAddOns?.AdvancedSecurityMode);
  return lines({
    description: `Cognito monthly active users (${PLAN_NAMES[tier]})`,
    priceKey: key,
    quantity: mau,
    unit: 'MAU',
    assumption: [
      `monthlyActiveUsers ${fmt(ctx.assumptions.monthlyActiveUsers)}` +
        (n > 1 ? ` split evenly over ${n} user pools = ${fmt(mau)} per pool` : ''),
      p.UserPoolTier === undefined
        ? "UserPoolTier not set: CloudFormation's default ESSENTIALS"
        : `UserPoolTier ${tier}`,
      ...(tier === 'PLUS' ? ['the Plus plan has no free tier'] : []),
      ...(tier === 'LITE' ? ['priced at the first paid tier (lower per MAU above 100,000)'] : []),
      ...(addOn !== undefined && addOn !== 'OFF' && tier !== 'PLUS'
        ? [`AdvancedSecurityMode ${addOn} outside the Plus plan: its per-MAU charge is not priced`]
        : []),
      'users signing in through SAML or OIDC federation, SMS and machine-to-machine tokens not priced',
    ].join('; '),
  });
};

/** Cognito user pools by MAU; their clients, domains and groups have no charge of their own. */
export const COGNITO: PricerFamily = {
  pricers: { 'AWS::Cognito::UserPool': userPool },
  shareRules: { 'AWS::Cognito::UserPool': () => USER_POOL_SHARE },
  free: {
    'AWS::Cognito::UserPoolClient':
      'no charge of its own (MAUs are priced on the user pool; machine-to-machine tokens not priced)',
    'AWS::Cognito::UserPoolDomain': 'no charge (the managed login domain is part of the feature plan)',
    'AWS::Cognito::UserPoolGroup': 'no charge',
    'AWS::Cognito::UserPoolResourceServer': 'no charge',
    'AWS::Cognito::UserPoolIdentityProvider': 'no charge of its own (federated MAUs not priced)',
    'AWS::Cognito::UserPoolUICustomizationAttachment': 'no charge',
    'AWS::Cognito::UserPoolRiskConfigurationAttachment':
      'no charge of its own (threat protection is part of the Plus plan, priced on the user pool)',
    'AWS::Cognito::ManagedLoginBranding': 'no charge',
    'AWS::Cognito::UserPoolUser': 'no charge of its own (priced as a monthly active user when it signs in)',
    'AWS::Cognito::UserPoolUserToGroupAttachment': 'no charge',
    'AWS::Cognito::LogDeliveryConfiguration': 'no charge of its own (the log destination is priced)',
    'AWS::Cognito::IdentityPool':
      'no charge (identity pools are free; AWS credentials it vends are not billed)',
    'AWS::Cognito::IdentityPoolRoleAttachment': 'no charge',
    'AWS::Cognito::IdentityPoolPrincipalTag': 'no charge',
  },
  priceKeys: ['cognito.lite.perMau', 'cognito.essentials.perMau', 'cognito.plus.perMau'],
};
