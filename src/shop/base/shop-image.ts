import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A container image for a shop's storefront, backend or worker.
 */
export abstract class ShopImage {
  /**
   * An image from a public or private registry the host can pull without credentials,
   * such as `ghcr.io/acme/storefront:1.4.2` or `medusajs/medusa:2.8.0`.
   */
  public static fromRegistry(name: string): ShopImage {
    return new RegistryImage(name);
  }

  /**
   * An image in an Amazon ECR repository. The host gets pull access to this repository only
   * and logs in to ECR before it pulls.
   *
   * @param repository the repository
   * @param tag the image tag
   * @default tag 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tag: string = 'latest'): ShopImage {
    return new EcrImage(repository, tag);
  }

  /**
   * The image reference the host pulls, such as `repo/name:tag`.
   */
  public abstract readonly imageName: string;

  /**
   * The ECR repository the image comes from, if any.
   */
  public abstract readonly repository?: ecr.IRepository;

  /**
   * Lets the host pull the image.
   */
  public grantPull(grantee: iam.IGrantable): void {
    this.repository?.grantPull(grantee);
  }
}

class RegistryImage extends ShopImage {
  public readonly repository?: ecr.IRepository = undefined;
  constructor(public readonly imageName: string) {
    super();
  }
}

class EcrImage extends ShopImage {
  public readonly imageName: string;
  constructor(
    public readonly repository: ecr.IRepository,
    tag: string,
  ) {
    super();
    this.imageName = repository.repositoryUriForTag(tag);
  }
}
