import * as fs from 'fs';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IntegDeployRoleStack, IntegDeployRoleStackProps } from '../../infra/integ-deploy-role-stack';
import { expectNagClean } from '../helpers/nag';

const ACCOUNT = '111122223333';
const env = { account: ACCOUNT, region: 'us-east-1' };

function synth(props: Partial<IntegDeployRoleStackProps> = {}) {
  const app = new App();
  const stack = new IntegDeployRoleStack(app, 'Role', { env, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

function onlyRole(template: Template): any {
  const roles = Object.values(template.findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  return (roles[0] as any).Properties;
}

/** Every statement of every identity policy in the stack. */
function permissionStatements(template: Template): any[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
  const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[];
  const inline = onlyRole(template).Policies ?? [];
  return [
    ...policies.map((p) => p.Properties.PolicyDocument),
    ...managed.map((p) => p.Properties.PolicyDocument),
    ...inline.map((p: any) => p.PolicyDocument),
  ].flatMap((doc) => doc.Statement);
}

const bootstrapArn = (kind: string, region = 'us-east-1') => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:iam::${ACCOUNT}:role/cdk-hnb659fds-${kind}-role-${ACCOUNT}-${region}`,
    ],
  ],
});

describe('IntegDeployRoleStack', () => {
  test('creates the GitHub OIDC provider for STS, retained', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const [provider] = Object.values(template.findResources('AWS::IAM::OIDCProvider')) as any[];
    expect(provider.Properties).toEqual({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    expect(provider.DeletionPolicy).toBe('Retain');
  });

  test("trusts only the repository's integ environment, for the STS audience", () => {
    const { template } = synth();
    const trust = onlyRole(template).AssumeRolePolicyDocument;
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: { Ref: expect.stringMatching(/^GitHubOidc/) } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:cdk-shop/cdk-shop:environment:integ',
          },
        },
      },
    ]);
  });

  test('a fork names its repository and environment; an existing provider is used, not created', () => {
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const { template, stack } = synth({ repository: 'me/my-fork', environment: 'aws', oidcProviderArn: arn });
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const [statement] = onlyRole(template).AssumeRolePolicyDocument.Statement;
    expect(statement.Principal).toEqual({ Federated: arn });
    expect(statement.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:me/my-fork:environment:aws',
    );
    expect(stack.subject).toBe('repo:me/my-fork:environment:aws');
  });

  test('may only assume the four CDK bootstrap roles of its account and region: no wildcard', () => {
    const { template } = synth();
    const statements = permissionStatements(template);
    expect(statements).toEqual([
      {
        Sid: 'AssumeCdkBootstrapRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((k) => bootstrapArn(k)),
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('*');
    // attached to the role and nothing else attached (no AWS managed policy)
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
    expect(template.toJSON().Resources[policyId].Properties.Roles).toEqual([{ Ref: roleId }]);
    expect(onlyRole(template).ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('more regions and another qualifier name their bootstrap roles', () => {
    const { template } = synth({ regions: ['us-east-1', 'eu-west-1'], bootstrapQualifier: 'shop01' });
    const [statement] = permissionStatements(template);
    const names = statement.Resource.map((r: any) => r['Fn::Join'][1][2]);
    expect(names).toEqual(
      ['us-east-1', 'eu-west-1'].flatMap((region) =>
        ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
          (kind) => `:iam::${ACCOUNT}:role/cdk-shop01-${kind}-role-${ACCOUNT}-${region}`,
        ),
      ),
    );
  });

  test('sessions last at most two hours by default (the workflow asks for exactly that)', () => {
    expect(onlyRole(synth().template).MaxSessionDuration).toBe(7200);
    expect(onlyRole(synth({ maxSessionDuration: Duration.hours(3) }).template).MaxSessionDuration).toBe(
      10800,
    );
  });

  test('outputs the role ARN for the repository variable', () => {
    const outputs = synth().template.findOutputs('RoleArn');
    expect(outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Role/), 'Arn'] });
  });

  test('cdk-nag clean (AwsSolutions, NIST 800-53 R5)', () => {
    expectNagClean(synth().app);
  });

  test.each([
    [{ repository: 'cdk-shop' }, /Role: invalid 'repository': 'cdk-shop' is not 'owner\/name'/],
    [{ repository: 'cdk-shop/*' }, /invalid 'repository'/],
    [{ environment: '*' }, /Role: invalid 'environment': '\*' is not one environment name. Give one name/],
    [{ bootstrapQualifier: 'Not-One' }, /invalid 'bootstrapQualifier'.*--qualifier of cdk bootstrap/],
    [{ regions: [] }, /invalid 'regions'/],
    [{ regions: ['us-east-*'] }, /invalid 'regions'/],
    [
      { maxSessionDuration: Duration.minutes(30) },
      /invalid 'maxSessionDuration': 30 minutes is outside 1 to 12 hours/,
    ],
    [{ maxSessionDuration: Duration.hours(13) }, /invalid 'maxSessionDuration'/],
  ])('refuses %j', (props, message) => {
    expect(() => synth(props as Partial<IntegDeployRoleStackProps>)).toThrow(message);
  });
});

describe('infra:deploy', () => {
  test('deploys the infra app with the CDK CLI, context passed through', () => {
    const root = path.join(__dirname, '..', '..');
    const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
    const [step] = tasks['infra:deploy'].steps;
    expect(step.receiveArgs).toBe(true);
    const app = /^cdk deploy --app 'ts-node --project tsconfig.dev.json (\S+)'/.exec(step.exec);
    expect(app).not.toBeNull();
    expect(fs.readFileSync(path.join(root, app![1]), 'utf8')).toMatch(
      /new IntegDeployRoleStack\(app, 'CdkShopIntegDeployRole'/,
    );
  });
});
