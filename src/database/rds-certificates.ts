import { CfnMapping, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RDS_PROXY_ROOT_CAS, RDS_ROOT_CA_RSA2048_G1 } from './rds-root-certificates.generated';
import { invalidProp } from '../private/errors';

const MAPPING_ID = 'CdkShopRdsRootCertificates';
const MAPPING_KEY = 'pem';

/** The regions whose "Amazon RDS <region> Root CA RSA2048 G1" cdk-shop holds (data/rds-ca). */
export const RDS_CERTIFICATE_REGIONS = Object.keys(RDS_ROOT_CA_RSA2048_G1);

/**
 * The PEM of the root CA that RDS instances with `rds-ca-rsa2048-g1` in the stack's region chain
 * to, or with `proxy`, the Amazon roots RDS Proxy's ACM certificates chain to (any region).
 *
 * A stack with a literal region gets the certificate itself, and a region cdk-shop has no
 * certificate for is an error. A stack whose region is a token (environment-agnostic) gets a
 * `Fn::FindInMap` over a mapping of every known region, which CloudFormation resolves on deploy
 * (and fails in a region absent from it).
 */
export function rdsRootCertificates(scope: IConstruct, proxy: boolean): string {
  if (proxy) return RDS_PROXY_ROOT_CAS;
  const stack = Stack.of(scope);
  const region = stack.region;
  if (!Token.isUnresolved(region)) {
    const pem = RDS_ROOT_CA_RSA2048_G1[region];
    if (pem === undefined) {
      throw invalidProp(
        stack,
        'env.region',
        `cdk-shop has no RDS root certificate (RSA2048 G1) for ${region}, so its database clients cannot verify the database`,
        `Deploy the shop in one of ${RDS_CERTIFICATE_REGIONS.join(', ')}, or a cdk-shop release that knows ${region}.`,
      );
    }
    return pem;
  }
  const existing = stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined;
  const mapping =
    existing ??
    new CfnMapping(stack, MAPPING_ID, {
      mapping: Object.fromEntries(
        RDS_CERTIFICATE_REGIONS.map((r) => [r, { [MAPPING_KEY]: RDS_ROOT_CA_RSA2048_G1[r] }]),
      ),
    });
  return mapping.findInMap(region, MAPPING_KEY);
}
