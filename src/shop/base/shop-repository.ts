import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { ShopImage } from './shop-image';
import { invalidProp, requireLiteral } from '../../private/errors';

/** ECR's repository name rule: lower-case path components separated by `/`, 2 to 256 characters. */
const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/**
 * Properties of a `ShopRepository`.
 */
export interface ShopRepositoryProps {
  /**
   * The repository name, such as `acme/storefront`.
   *
   * @default - a name CloudFormation generates
   */
  readonly repositoryName?: string;

  /**
   * How many tagged images are kept; older ones expire. Untagged images expire after a day.
   *
   * @default 30
   */
  readonly maxImageCount?: number;
}

/**
 * An Amazon ECR repository for images pushed from CI: scanned on push, tags immutable (a tag
 * always names the image that was tested), a lifecycle rule that keeps the newest images,
 * retained when the stack is deleted.
 *
 * @example
 * const repository = new ShopRepository(this, 'StorefrontImages', { repositoryName: 'acme/storefront' });
 * const image = repository.image('1.4.2');
 */
export class ShopRepository extends Construct {
  /** The ECR repository. */
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ShopRepositoryProps = {}) {
    super(scope, id);
    const maxImageCount = props.maxImageCount ?? 30;
    requireLiteral(this, 'maxImageCount', maxImageCount, 'a whole number of images');
    if (!Number.isInteger(maxImageCount) || maxImageCount < 1 || maxImageCount > 10000) {
      throw invalidProp(
        this,
        'maxImageCount',
        `${maxImageCount} is not a whole number from 1 to 10000`,
        'Give how many tagged images to keep, such as 30.',
      );
    }
    const name = props.repositoryName;
    if (name !== undefined && !Token.isUnresolved(name) && !REPOSITORY_NAME.test(name)) {
      throw invalidProp(
        this,
        'repositoryName',
        `'${name}' is not lower-case letters and digits separated by '.', '_', '-' or '/', 2 to 256 characters`,
        'Give a name such as acme/storefront.',
      );
    }
    this.repository = new ecr.Repository(this, 'Resource', {
      repositoryName: name,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          rulePriority: 1,
          description: 'Untagged images expire after a day',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(1),
        },
        {
          rulePriority: 2,
          description: `Keep the newest ${maxImageCount} images`,
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount,
        },
      ],
    });
  }

  /**
   * The image of a tag in this repository, for a shop's storefront, backend or services.
   */
  public image(tag: string): ShopImage {
    return ShopImage.fromEcrRepository(this.repository, tag);
  }
}
