import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatabasePreset, NetworkProfile, ShopDatabase, ShopNetwork } from '../../src';
import {
  RDS_PROXY_ROOT_CAS,
  RDS_ROOT_CA_RSA2048_G1,
} from '../../src/database/rds-root-certificates.generated';

function database(region?: string, proxy = false) {
  const stack = new Stack(new App(), 'Stack', region ? { env: { region } } : undefined);
  const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  const preset = proxy ? DatabasePreset.HIGHLY_AVAILABLE : undefined;
  return { stack, database: new ShopDatabase(stack, 'Database', { vpc: network.vpc, proxy, preset }) };
}

describe('ShopDatabase.rootCertificates()', () => {
  test("in a stack with a region: that region's RSA2048 G1 root, and no mapping", () => {
    const { stack, database: db } = database('eu-west-1');
    expect(db.rootCertificates()).toBe(RDS_ROOT_CA_RSA2048_G1['eu-west-1']);
    expect(db.rootCertificates()).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/,
    );
    expect(Template.fromStack(stack).toJSON().Mappings).not.toHaveProperty('CdkShopRdsRootCertificates');
  });

  test('in an environment-agnostic stack: Fn::FindInMap on AWS::Region over one mapping of every known region', () => {
    const { stack, database: db } = database();
    expect(stack.resolve(db.rootCertificates())).toEqual({
      'Fn::FindInMap': ['CdkShopRdsRootCertificates', { Ref: 'AWS::Region' }, 'pem'],
    });
    db.rootCertificates();
    const mappings = Template.fromStack(stack).toJSON().Mappings;
    expect(Object.keys(mappings).filter((id) => id.includes('RdsRootCertificates'))).toEqual([
      'CdkShopRdsRootCertificates',
    ]);
    expect(mappings.CdkShopRdsRootCertificates).toEqual(
      Object.fromEntries(Object.entries(RDS_ROOT_CA_RSA2048_G1).map(([region, pem]) => [region, { pem }])),
    );
  });

  test('in a region cdk-shop has no certificate for: an error naming the region and the known ones', () => {
    const { database: db } = database('il-central-1');
    expect(() => db.rootCertificates()).toThrow(
      /^Stack: invalid 'env\.region': cdk-shop has no RDS root certificate \(RSA2048 G1\) for il-central-1, .*Deploy the shop in one of af-south-1, .*us-east-1/,
    );
  });

  test("behind RDS Proxy: the Amazon Trust Services roots of the proxy's ACM certificate, in any region", () => {
    for (const region of ['eu-west-1', undefined]) {
      const { stack, database: db } = database(region, true);
      expect(db.rootCertificates()).toBe(RDS_PROXY_ROOT_CAS);
      expect(Template.fromStack(stack).toJSON().Mappings).not.toHaveProperty('CdkShopRdsRootCertificates');
    }
  });
});

describe('ShopDatabase.databaseUrlTemplate(rootCertificateFile)', () => {
  const { stack, database: db } = database('us-east-1');
  const url = (file?: string) => JSON.stringify(stack.resolve(db.databaseUrlTemplate(file)));

  test('with a file: verify-full against it (libpq and node-postgres both check the chain and the host name)', () => {
    expect(url('/tmp/rds-root-ca.pem')).toMatch(
      /:5432\/shop\?sslmode=verify-full&sslrootcert=\/tmp\/rds-root-ca\.pem"/,
    );
  });

  test('without: as before, sslmode=require', () => {
    expect(url()).toMatch(/:5432\/shop\?sslmode=require"/);
  });
});
