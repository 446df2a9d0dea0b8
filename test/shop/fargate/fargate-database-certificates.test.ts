import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASIC, container, environment, shopStack } from './fargate-fixtures';
import { FargateShop } from '../../../src';
import { RDS_ROOT_CA_RSA2048_G1 } from '../../../src/database/rds-root-certificates.generated';

/** The wrapper script of a container: the `-c` argument of its /bin/sh entry point. */
function wrapper(template: Template, part: string, name: string): string {
  const entryPoint = container(template, part, name).EntryPoint;
  expect(entryPoint.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  return JSON.stringify(entryPoint[2]);
}

describe('FargateShop gives the database clients its root CA', () => {
  test('the backend and the worker: the certificate in a plain variable, written to /tmp, verify-full', () => {
    const { template } = shopStack({ ...BASIC, worker: {} });
    for (const [part, name] of [
      ['Backend', 'backend'],
      ['Worker', 'worker'],
    ]) {
      expect(environment(container(template, part, name)).DATABASE_CA_CERTIFICATES).toBe(
        RDS_ROOT_CA_RSA2048_G1['us-east-1'],
      );
      const script = wrapper(template, part, name);
      expect(script).toContain(
        `printf '%s\\\\n' \\"$DATABASE_CA_CERTIFICATES\\" > /tmp/rds-root-ca.pem || exit 1`,
      );
      expect(script).toContain('export NODE_EXTRA_CA_CERTS=/tmp/rds-root-ca.pem');
      expect(script).toContain('export PGSSLMODE=verify-full PGSSLROOTCERT=/tmp/rds-root-ca.pem');
      expect(script).toContain('/shop?sslmode=verify-full&sslrootcert=/tmp/rds-root-ca.pem\\"');
      // CloudFormation would read ${...} as an Fn::Sub parameter
      expect(script).not.toContain('${');
    }
    expect(environment(container(template, 'Storefront', 'storefront'))).not.toHaveProperty(
      'DATABASE_CA_CERTIFICATES',
    );
  });

  test('without /tmp among the scratch directories, the first one holds the file', () => {
    const { template } = shopStack({ ...BASIC, backendService: { scratchDirectories: ['/app/static'] } });
    expect(wrapper(template, 'Backend', 'backend')).toContain('sslrootcert=/app/static/rds-root-ca.pem');
  });

  test('a database service with no scratch directory is an error naming the prop', () => {
    expect(() => shopStack({ ...BASIC, backendService: { scratchDirectories: [] } })).toThrow(
      "Stack/Shop: invalid 'backendService.scratchDirectories': the service connects to the database and has no writable directory to put its root certificates in. Keep a scratch directory such as '/tmp'.",
    );
  });

  test("the variable is the shop's: a user setting it is told so", () => {
    expect(() =>
      shopStack({ ...BASIC, backend: { ...BASIC.backend!, environment: { DATABASE_CA_CERTIFICATES: 'x' } } }),
    ).toThrow(/DATABASE_CA_CERTIFICATES is set by the shop/);
  });

  test('in an environment-agnostic stack: the certificate of the region deployed to, by Fn::FindInMap', () => {
    const stack = new Stack(new App(), 'Stack');
    new FargateShop(stack, 'Shop', BASIC);
    const template = Template.fromStack(stack);
    expect(environment(container(template, 'Backend', 'backend')).DATABASE_CA_CERTIFICATES).toEqual({
      'Fn::FindInMap': ['CdkShopRdsRootCertificates', { Ref: 'AWS::Region' }, 'pem'],
    });
    const mapping = template.toJSON().Mappings.CdkShopRdsRootCertificates;
    expect(Object.keys(mapping)).toEqual(Object.keys(RDS_ROOT_CA_RSA2048_G1));
    expect(mapping['eu-west-1'].pem).toBe(RDS_ROOT_CA_RSA2048_G1['eu-west-1']);
  });
});
