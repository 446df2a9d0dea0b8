import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ShopCustomers } from './shop-customers';
import { acknowledge, Finding } from '../../private/acknowledge';

/** The choices of a `ShopCustomers` that decide which findings it accepts. */
export interface CustomersChoices {
  readonly featurePlan: cognito.FeaturePlan;
  readonly mfa: cognito.Mfa;
  readonly passwordPolicy: cognito.PasswordPolicy;
}

/**
 * The cdk-nag findings a `ShopCustomers` accepts by design, with their reasons. Neither the NIST
 * 800-53 R5 pack nor the Control Tower cfn-guard rules check Cognito user pools.
 */
export function acknowledgeCustomersFindings(customers: ShopCustomers, choices: CustomersChoices): void {
  const findings: Finding[] = [];
  if (choices.mfa !== cognito.Mfa.REQUIRED) {
    findings.push({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional for shop customers by design: a second factor forced at sign-up loses customers at checkout, and customers who want it turn on TOTP (authenticator app, free). Give mfa: Mfa.REQUIRED for a pool of staff or B2B buyers.',
    });
  }
  if (choices.featurePlan !== cognito.FeaturePlan.PLUS) {
    findings.push({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials (the default) or Lite by choice: Plus bills every monthly active user with no free tier, while Essentials has 10,000 free; threat protection (adaptive authentication, compromised credentials) comes with featurePlan: FeaturePlan.PLUS, which a shop turns on when fraud justifies the cost.',
    });
  }
  const policy = choices.passwordPolicy;
  if (
    policy.requireUppercase === false ||
    policy.requireDigits === false ||
    policy.requireSymbols === false
  ) {
    findings.push({
      id: 'AwsSolutions-COG1',
      reason:
        'Character-class rules turned off by choice (passwordPolicy); the length floor of 8 still applies, and NIST SP 800-63B advises length over composition rules.',
    });
  }
  if (findings.length > 0) acknowledge(customers.userPool, ...findings);
  // the role Cognito sends SMS codes with, when mfaSecondFactor allows SMS
  const smsRole = customers.userPool.node.tryFindChild('smsRole');
  if (smsRole) {
    acknowledge(
      smsRole,
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Cognito sends SMS codes with sns:Publish straight to phone numbers, which have no ARN to name; the role trusts only cognito-idp.amazonaws.com with an external id.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "The SMS role's one sns:Publish statement is inline, written by aws-cdk-lib's UserPool for this role alone; a managed policy would only let it be attached elsewhere.",
      },
    );
  }
}
