import * as crypto from 'crypto';
import * as path from 'path';
import { Lazy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * What a shop runs for one of its images, once bound to the shop.
 */
export interface ShopImageConfig {
  /** The image reference the host pulls, such as `repo/name:tag`. */
  readonly imageName: string;

  /**
   * The ECR repository the image comes from.
   *
   * @default - a registry the host pulls from without credentials
   */
  readonly repository?: ecr.IRepository;
}

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
   * An image CDK builds from a Dockerfile in `directory` and publishes to the stack's assets
   * repository (`cdk deploy` needs Docker). The shop gets pull access to that repository only.
   *
   * @param directory the build context, with a `Dockerfile`
   * @param options how to build it; `platform` defaults to `Platform.LINUX_ARM64` (Graviton)
   */
  public static fromAsset(directory: string, options: ecrAssets.DockerImageAssetOptions = {}): ShopImage {
    return new AssetImage(directory, options);
  }

  /**
   * The image reference the host pulls, such as `repo/name:tag`. For an asset image, the URI
   * it is published under, known once a shop has bound it.
   */
  public abstract readonly imageName: string;

  /**
   * The ECR repository the image comes from, if any (for an asset image, once bound).
   */
  public abstract readonly repository?: ecr.IRepository;

  /**
   * The CPU architecture the image is built for, when the image says: an asset's platform, or
   * `arm64`/`aarch64` or `amd64`/`x86_64` in a literal tag.
   *
   * @default - unknown (such as a multi-architecture tag)
   */
  public abstract readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Binds the image to a shop: an asset image is defined in `scope` here (once per scope).
   */
  public bind(_scope: Construct): ShopImageConfig {
    return { imageName: this.imageName, repository: this.repository };
  }

  /**
   * Lets the host pull the image (for an asset image, once bound).
   */
  public grantPull(grantee: iam.IGrantable): void {
    this.repository?.grantPull(grantee);
  }

  /**
   * ECS's image for this image, for a task definition's container.
   */
  public abstract toContainerImage(): ecs.ContainerImage;
}

/** The architecture a tag names, such as `1.0-arm64`; undefined for tokens and neutral tags. */
function tagArchitecture(tag: string | undefined): ecs.CpuArchitecture | undefined {
  if (tag === undefined) return undefined;
  if (/(amd64|x86[_-]64)/i.test(tag)) return ecs.CpuArchitecture.X86_64;
  if (/(arm64|aarch64)/i.test(tag)) return ecs.CpuArchitecture.ARM64;
  return undefined;
}

/** The tag of a literal reference such as `ghcr.io/acme/shop:1.0` (digest removed). */
function literalTag(reference: string): string | undefined {
  const name = reference.split('@')[0];
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
}

class RegistryImage extends ShopImage {
  public readonly repository?: ecr.IRepository = undefined;
  public readonly cpuArchitecture?: ecs.CpuArchitecture;
  constructor(public readonly imageName: string) {
    super();
    this.cpuArchitecture = tagArchitecture(literalTag(imageName));
  }
  public toContainerImage(): ecs.ContainerImage {
    return ecs.ContainerImage.fromRegistry(this.imageName);
  }
}

class EcrImage extends ShopImage {
  public readonly imageName: string;
  public readonly cpuArchitecture?: ecs.CpuArchitecture;
  constructor(
    public readonly repository: ecr.IRepository,
    private readonly tag: string,
  ) {
    super();
    this.imageName = repository.repositoryUriForTag(tag);
    this.cpuArchitecture = tagArchitecture(tag);
  }
  public toContainerImage(): ecs.ContainerImage {
    return ecs.ContainerImage.fromEcrRepository(this.repository, this.tag);
  }
}

class AssetImage extends ShopImage {
  public readonly imageName: string;
  public readonly cpuArchitecture?: ecs.CpuArchitecture;
  private readonly options: ecrAssets.DockerImageAssetOptions;
  private readonly assets = new Map<Construct, ecrAssets.DockerImageAsset>();
  private first?: ecrAssets.DockerImageAsset;

  constructor(
    private readonly directory: string,
    options: ecrAssets.DockerImageAssetOptions,
  ) {
    super();
    const platform = options.platform ?? ecrAssets.Platform.LINUX_ARM64;
    this.options = { ...options, platform };
    this.cpuArchitecture =
      platform.platform === ecrAssets.Platform.LINUX_ARM64.platform
        ? ecs.CpuArchitecture.ARM64
        : platform.platform === ecrAssets.Platform.LINUX_AMD64.platform
          ? ecs.CpuArchitecture.X86_64
          : undefined;
    this.imageName = Lazy.string({
      produce: () => {
        if (!this.first) throw new Error(`ShopImage.fromAsset('${directory}') was never bound to a shop`);
        return this.first.imageUri;
      },
    });
  }

  public get repository(): ecr.IRepository | undefined {
    return this.first?.repository;
  }

  public bind(scope: Construct): ShopImageConfig {
    let asset = this.assets.get(scope);
    if (!asset) {
      const hash = crypto
        .createHash('sha256')
        .update(path.resolve(this.directory))
        .update(JSON.stringify(this.options))
        .digest('hex')
        .slice(0, 8);
      asset = new ecrAssets.DockerImageAsset(scope, `ImageAsset${hash}`, {
        directory: this.directory,
        ...this.options,
      });
      this.assets.set(scope, asset);
      this.first ??= asset;
    }
    return { imageName: asset.imageUri, repository: asset.repository };
  }

  public toContainerImage(): ecs.ContainerImage {
    return ecs.ContainerImage.fromAsset(this.directory, this.options);
  }
}
