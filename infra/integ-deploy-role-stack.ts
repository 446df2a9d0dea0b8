import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { invalidProp, requireLiteral } from '../src/private/errors';

/** GitHub Actions' OIDC issuer and the audience aws-actions/configure-aws-credentials asks for. */
// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The CDK bootstrap roles integ-runner works through (`cdk bootstrap`'s default template). */
export const BOOTSTRAP_ROLE_KINDS = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;

export interface IntegDeployRoleStackProps extends StackProps {
  /**
   * The GitHub repository (`owner/name`) whose workflow may assume the role.
   * @default 'cdk-shop/cdk-shop'
   */
  readonly repository?: string;

  /**
   * The GitHub environment the workflow's jobs run in; only its tokens are trusted.
   * @default 'integ'
   */
  readonly environment?: string;

  /**
   * The ARN of the account's existing GitHub OIDC provider (an account has at most one per URL).
   * @default - the stack creates the provider
   */
  readonly oidcProviderArn?: string;

  /**
   * The qualifier the account was bootstrapped with.
   * @default 'hnb659fds'
   */
  readonly bootstrapQualifier?: string;

  /**
   * The regions the integ scenarios deploy to (bootstrapped in this account).
   * @default ['us-east-1']
   */
  readonly regions?: string[];

  /**
   * The longest session; the workflow asks for this much, so it must outlast the job.
   * @default Duration.hours(2)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * The GitHub OIDC provider and the role the integ deploy workflow assumes: trusted only by
 * `repo:<repository>:environment:<environment>` tokens for STS, allowed only to assume the CDK
 * bootstrap roles. integ-runner deploys, reads outputs, runs the assertion stacks and destroys
 * through those roles; the assertions' API calls run in the deployed custom resources' own roles.
 */
export class IntegDeployRoleStack extends Stack {
  /** The role the workflow assumes (its ARN goes into the repository variable INTEG_DEPLOY_ROLE_ARN). */
  public readonly role: iam.Role;

  /** The role's only permissions: assuming the CDK bootstrap roles. */
  public readonly permissions: iam.ManagedPolicy;

  /** The provider the role trusts, created or imported. */
  public readonly oidcProvider: iam.IOidcProvider;

  /** The `sub` claim the role's trust policy requires. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: IntegDeployRoleStackProps = {}) {
    super(scope, id, props);
    const repository = props.repository ?? 'cdk-shop/cdk-shop';
    const environment = props.environment ?? 'integ';
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    const regions = props.regions ?? ['us-east-1'];
    const maxSession = props.maxSessionDuration ?? Duration.hours(2);
    this.validate(repository, environment, qualifier, regions, maxSession);

    this.oidcProvider = props.oidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', props.oidcProviderArn)
      : new iam.OidcProviderNative(this, 'GitHubOidc', {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIds: [GITHUB_OIDC_AUDIENCE],
          // One provider per URL in an account: other workflows may come to trust it too.
          removalPolicy: RemovalPolicy.RETAIN,
        });

    this.subject = `repo:${repository}:environment:${environment}`;
    this.role = new iam.Role(this, 'Role', {
      description: `Assumed by ${repository}'s integ deploy workflow (GitHub environment ${environment}) through OIDC`,
      assumedBy: new iam.WebIdentityPrincipal(this.oidcProvider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: this.subject,
        },
      }),
      maxSessionDuration: maxSession,
    });

    // The CDK CLI assumes these with sts:AssumeRole only: our stacks' synthesizers pass no session
    // tags, so sts:TagSession is not needed. Each role trusts its own account (bootstrap template).
    // A customer-managed policy rather than an inline one (NIST.800.53.R5-IAMNoInlinePolicy).
    this.permissions = new iam.ManagedPolicy(this, 'BootstrapRoles', {
      description: 'Assume the CDK bootstrap roles integ-runner deploys, publishes and looks up through',
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRoles',
          actions: ['sts:AssumeRole'],
          resources: bootstrapRoleArns(this, qualifier, regions),
        }),
      ],
      roles: [this.role],
    });

    new CfnOutput(this, 'RoleArn', {
      value: this.role.roleArn,
      description: 'Set as the repository variable INTEG_DEPLOY_ROLE_ARN',
    });
  }

  private validate(
    repository: string,
    environment: string,
    qualifier: string,
    regions: string[],
    max: Duration,
  ) {
    requireLiteral(this, 'repository', repository, "the repository as 'owner/name'");
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository)) {
      throw invalidProp(
        this,
        'repository',
        `'${repository}' is not 'owner/name'`,
        "Give it as 'cdk-shop/cdk-shop'.",
      );
    }
    requireLiteral(this, 'environment', environment, 'the GitHub environment name');
    // a wildcard would let other environments' (or branches') tokens in
    if (!/^[A-Za-z0-9._-]+$/.test(environment)) {
      throw invalidProp(
        this,
        'environment',
        `'${environment}' is not one environment name`,
        "Give one name, e.g. 'integ'.",
      );
    }
    if (!/^[a-z0-9]{1,10}$/.test(qualifier)) {
      throw invalidProp(
        this,
        'bootstrapQualifier',
        `'${qualifier}' is not a bootstrap qualifier`,
        'Give the --qualifier of cdk bootstrap (default hnb659fds).',
      );
    }
    if (
      regions.length === 0 ||
      regions.some((r) => Token.isUnresolved(r) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r))
    ) {
      throw invalidProp(
        this,
        'regions',
        `[${regions.join(', ')}] is not a list of region names`,
        "Give literal regions, e.g. ['us-east-1'].",
      );
    }
    requireLiteral(this, 'maxSessionDuration', max, 'a duration of 1 to 12 hours');
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html (1 to 12 hours)
    if (max.toSeconds() < 3600 || max.toSeconds() > 12 * 3600) {
      throw invalidProp(
        this,
        'maxSessionDuration',
        `${max.toHumanString()} is outside 1 to 12 hours`,
        'Give Duration.hours(1) to Duration.hours(12).',
      );
    }
  }
}

/** `arn:<partition>:iam::<account>:role/cdk-<qualifier>-<kind>-role-<account>-<region>`, each kind and region. */
function bootstrapRoleArns(stack: Stack, qualifier: string, regions: string[]): string[] {
  return regions.flatMap((region) =>
    BOOTSTRAP_ROLE_KINDS.map(
      (kind) =>
        `arn:${stack.partition}:iam::${stack.account}:role/cdk-${qualifier}-${kind}-role-${stack.account}-${region}`,
    ),
  );
}
