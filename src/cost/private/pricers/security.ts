import { monthly, PricerFamily } from './helpers';

/** Secrets Manager secrets and KMS keys; IAM has no charge. */
export const SECURITY: PricerFamily = {
  pricers: {
    'AWS::SecretsManager::Secret': () =>
      monthly('secret', 'secretsManager.secret.month', 'secrets', 'API calls not priced'),
    'AWS::KMS::Key': () => monthly('customer managed key', 'kms.key.month', 'keys', 'requests not priced'),
  },
  free: {
    'AWS::IAM::Role': 'IAM has no charge',
    'AWS::IAM::Policy': 'IAM has no charge',
    'AWS::IAM::ManagedPolicy': 'IAM has no charge',
    'AWS::IAM::InstanceProfile': 'IAM has no charge',
    'AWS::IAM::ServiceLinkedRole': 'IAM has no charge',
    'AWS::KMS::Alias': 'no charge (the key is priced)',
    'AWS::SecretsManager::SecretTargetAttachment': 'no charge (the secret is priced)',
    'AWS::SecretsManager::ResourcePolicy': 'no charge',
    'AWS::SecretsManager::RotationSchedule': 'no charge (the rotation function runs per use)',
    'AWS::SSM::Parameter': 'standard parameters have no charge',
  },
  priceKeys: ['secretsManager.secret.month', 'kms.key.month'],
};
