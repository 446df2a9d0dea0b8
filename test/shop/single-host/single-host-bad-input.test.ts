import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { BACKEND, image, MINIMAL, number, STOREFRONT, text, threeTierVpc } from './single-host-fixture';
import { ShopImage, SingleHostShop, SingleHostShopProps } from '../../../src';
import { renderFor } from '../../../src/shop/single-host/single-host-rendering';

/*
 * Bad input of SingleHostShop (issue 9, items 5 and 8): each case is rejected at synth in the
 * library's one format, `<construct path>: invalid '<prop>': <problem>. <fix>`.
 */

describe('SingleHostShop rejects bad input, naming the construct and the prop', () => {
  test.each<[string, string, (stack: Stack) => SingleHostShopProps, RegExp]>([
    // Image references Docker refuses
    [
      'an upper-case repository',
      'storefront.image',
      () => image('ghcr.io/Acme/web:1.0'),
      /repository 'Acme\/web' has upper-case letters/,
    ],
    [
      'an upper-case one-part name',
      'storefront.image',
      () => image('Nginx:1.27'),
      /repository 'Nginx' has upper-case letters/,
    ],
    ['an empty tag', 'storefront.image', () => image('acme/web:'), /the tag after ':' is empty/],
    [
      'a tag with a +',
      'storefront.image',
      () => image('acme/web:1.0+build'),
      /tag '1\.0\+build' is not a word character/,
    ],
    [
      'a tag of 129 characters',
      'storefront.image',
      () => image(`acme/web:${'a'.repeat(129)}`),
      /tag 'a{129}' is not/,
    ],
    [
      'a short digest',
      'storefront.image',
      () => image('acme/web@sha256:abc'),
      /digest 'sha256:abc' is not sha256: and 64/,
    ],
    ['an empty path part', 'storefront.image', () => image('acme//web:1'), /repository part '' is not/],
    [
      'a part ending in a dash',
      'storefront.image',
      () => image('acme/web-:1'),
      /repository part 'web-' is not/,
    ],
    [
      'a registry with a bad port',
      'storefront.image',
      () => image('registry.example.com:port/web:1'),
      /registry 'registry\.example\.com:port'/,
    ],
    [
      'an ECR image with an empty tag',
      'backend.image',
      (s) => ({
        ...MINIMAL,
        backend: { image: ShopImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), '') },
      }),
      /the tag after ':' is empty/,
    ],
    // A host subnet that is not public, though the host gets an Elastic IP
    [
      'an isolated host subnet',
      'vpcSubnets',
      (s) => ({
        ...MINIMAL,
        vpc: threeTierVpc(s),
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      }),
      /the host's subnet Stack\/Vpc\/DataSubnet1 is not public, but the host gets an Elastic IP/,
    ],
    [
      'a private host subnet behind a NAT',
      'vpcSubnets',
      (s) => ({ ...MINIMAL, vpc: threeTierVpc(s), vpcSubnets: { subnetGroupName: 'App' } }),
      /Stack\/Vpc\/AppSubnet1 is not public/,
    ],
    // Sizes that are not whole GiB (aws-cdk-lib's own error names no prop)
    [
      'a root volume in MiB',
      'rootVolumeSize',
      () => ({ ...MINIMAL, rootVolumeSize: Size.mebibytes(8500) }),
      /8704000 KiB is not a whole number of GiB\. EBS volumes are sized in GiB/,
    ],
    [
      'a data volume in MiB',
      'dataVolumeSize',
      () => ({ ...MINIMAL, dataVolumeSize: Size.mebibytes(20500) }),
      /is not a whole number of GiB/,
    ],
    [
      'a swap in KiB',
      'swapSize',
      () => ({ ...MINIMAL, swapSize: Size.kibibytes(1500) }),
      /1500 KiB is not a whole number of MiB/,
    ],
    [
      'swap over half of the default 8 GiB root',
      'swapSize',
      () => ({ ...MINIMAL, swapSize: Size.gibibytes(5) }),
      /5120 MiB would fill more than half of the 8 GiB root volume/,
    ],
    // Tokens where a literal is needed
    [
      'a backup hour from a parameter',
      'backupHourUtc',
      (s) => ({ ...MINIMAL, backupHourUtc: number(s) }),
      /is a token.*Give a literal: an hour from 0 to 23\./,
    ],
    [
      'a port from a parameter',
      'storefront.port',
      (s) => ({ ...MINIMAL, storefront: { image: STOREFRONT, port: number(s) } }),
      /is a token.*Give a literal: a port number/,
    ],
    [
      'a retention from a parameter',
      'backupRetention',
      (s) => ({ ...MINIMAL, backupRetention: Duration.days(number(s)) }),
      /is a token.*Duration\.days\(n\)/,
    ],
    [
      'a data volume from a parameter',
      'dataVolumeSize',
      (s) => ({ ...MINIMAL, dataVolumeSize: Size.gibibytes(number(s)) }),
      /is a token/,
    ],
    [
      'a PostgreSQL version from a parameter',
      'postgresVersion',
      (s) => ({ ...MINIMAL, postgresVersion: text(s) }),
      /is a token.*one of 13, 14, 15, 16, 17/,
    ],
    [
      'a domain from a parameter',
      'domainName',
      (s) => ({ ...MINIMAL, domainName: text(s), certificateEmail: 'ops@example.com' }),
      /is a token.*a domain such as/,
    ],
    [
      'a database name from a parameter',
      'databaseName',
      (s) => ({ ...MINIMAL, databaseName: text(s) }),
      /is a token/,
    ],
    [
      'a path prefix from a parameter',
      'backend.pathPrefixes',
      (s) => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/store', text(s)] } }),
      /is a token/,
    ],
    // aws-cdk-lib errors on our props, wrapped
    [
      'an instance type from a parameter',
      'instanceType',
      (s) => ({ ...MINIMAL, instanceType: new ec2.InstanceType(text(s)) }),
      /is a token.*t4g\.small/,
    ],
    [
      'a malformed instance type',
      'instanceType',
      () => ({ ...MINIMAL, instanceType: new ec2.InstanceType('large') }),
      /Malformed instance type identifier\. Give an instance type/,
    ],
    // Rules the renderers apply, now checked on the props first
    [
      'a health path with a colon',
      'backend.healthPath',
      () => ({ ...MINIMAL, backend: { image: BACKEND, healthPath: '/health:ready' } }),
      /'\/health:ready' is not a health-check path/,
    ],
    [
      'a health path with a space',
      'storefront.healthPath',
      () => ({ ...MINIMAL, storefront: { image: STOREFRONT, healthPath: '/ok now' } }),
      /is not a health-check path/,
    ],
    [
      'a prefix with //',
      'backend.pathPrefixes',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/a//b'] } }),
      /'\/a\/\/b' is not a path prefix/,
    ],
    [
      'a prefix ending in /',
      'backend.pathPrefixes',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/store/'] } }),
      /'\/store\/' is not a path prefix/,
    ],
    [
      'the ACME challenge path as a prefix',
      'backend.pathPrefixes',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/.well-known/acme-challenge'] } }),
      /would route the ACME challenge path/,
    ],
    [
      'a prefix given twice',
      'backend.pathPrefixes',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/store', '/admin', '/store'] } }),
      /'\/store' is listed twice/,
    ],
    [
      'an imported subnet without its zone',
      'vpcSubnets',
      (s) => ({
        ...MINIMAL,
        vpc: ec2.Vpc.fromVpcAttributes(s, 'Imported', {
          vpcId: 'vpc-1',
          availabilityZones: ['us-east-1a'],
          publicSubnetIds: ['subnet-public'],
        }),
        vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(s, 'Other', 'subnet-other')] },
      }),
      /cannot reference a Subnet's availability zone.*Import the subnet with Subnet\.fromSubnetAttributes/,
    ],
    // Secrets in plain environment
    [
      'an SSM SecureString reference in the environment',
      'backend.environment',
      () => ({
        ...MINIMAL,
        backend: { image: BACKEND, environment: { STRIPE_KEY: '{{resolve:ssm-secure:/stripe:1}}' } },
      }),
      /STRIPE_KEY holds a secret dynamic reference/,
    ],
  ])('%s', (_name, prop, props, message) => {
    const stack = new Stack(new App(), 'Stack');
    let error: Error | undefined;
    try {
      new SingleHostShop(stack, 'Shop', props(stack));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(new RegExp(`^Stack/Shop: invalid '${prop.replace('.', '\\.')}': `));
    expect(error?.message).toMatch(message);
  });
});

describe('renderer errors name the construct and the prop they came from', () => {
  test.each([
    ["nginx: backendPathPrefixes: '/a' is listed twice", 'backend.pathPrefixes'],
    ["compose: backend.healthPath '/x y' must start with '/'", 'backend.healthPath'],
    ['compose: storefront.port must be a whole number from 1 to 65535, got 0', 'storefront.port'],
    ["compose: postgres.database 'x-y' must be letters", 'databaseName'],
    ["nginx: serverName 'a b!' must be one or more host names", 'domainName'],
  ])('%s -> %s', (message, prop) => {
    const scope = new Stack(new App(), 'Stack');
    expect(() =>
      renderFor(scope, () => {
        throw new Error(message);
      }),
    ).toThrow(`Stack: invalid '${prop}': ${message}. Check this prop against its documentation.`);
  });
});
