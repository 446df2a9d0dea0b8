import { App } from 'aws-cdk-lib';
import { IntegDeployRoleStack } from './integ-deploy-role-stack';

/*
 * The account-side setup of the integ deploy workflow (.github/workflows/integ-deploy.yml), deployed
 * once per account by `npx projen infra:deploy` (README "Integration tests"). Context, all optional:
 *   -c repository=owner/name       the repository whose workflow may assume the role
 *   -c environment=integ           its GitHub environment
 *   -c oidcProviderArn=arn:...     the account's existing GitHub OIDC provider, if it has one
 *   -c bootstrapQualifier=hnb659fds
 */
const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key);
new IntegDeployRoleStack(app, 'CdkShopIntegDeployRole', {
  repository: context('repository'),
  environment: context('environment'),
  oidcProviderArn: context('oidcProviderArn'),
  bootstrapQualifier: context('bootstrapQualifier'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
  description: 'cdk-shop: the GitHub OIDC provider and the role the integ deploy workflow assumes',
});
