import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { ShopImage } from '../../../src';

const ASSET_DIR = path.join(__dirname, 'fixtures', 'storefront');

/** The platforms of the Docker image assets the stack publishes (its asset manifest). */
function dockerPlatforms(app: App): string[] {
  const assembly = app.synth();
  const manifest = assembly.artifacts.find(
    (a) => a instanceof cxapi.AssetManifestArtifact,
  ) as cxapi.AssetManifestArtifact;
  const contents = JSON.parse(fs.readFileSync(manifest.file, 'utf8'));
  return Object.values(contents.dockerImages ?? {}).map((image: any) => image.source.platform);
}

/** The image a Fargate task definition gets for `image`, as the template writes it. */
function containerImageOf(image: ShopImage): { stack: Stack; app: App; image: unknown } {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('web', { image: image.toContainerImage() });
  const def = Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition');
  return { stack, app, image: Object.values(def)[0].Properties.ContainerDefinitions[0].Image };
}

describe('ShopImage.toContainerImage', () => {
  test('a registry image is the same reference', () => {
    expect(containerImageOf(ShopImage.fromRegistry('ghcr.io/acme/web:1.4.2')).image).toBe(
      'ghcr.io/acme/web:1.4.2',
    );
  });

  test('an ECR image is the repository URI and the tag, and the execution role may pull it', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const repository = new ecr.Repository(stack, 'Repo');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ShopImage.fromEcrRepository(repository, '2.0.1').toContainerImage() });
    const template = Template.fromStack(stack);
    const image = JSON.stringify(
      Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0]
        .Image,
    );
    expect(image).toContain(':2.0.1');
    expect(image).toContain(stack.getLogicalId(repository.node.defaultChild as ecr.CfnRepository));
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('ecr:BatchGetImage');
  });

  test('an asset image is built for linux/arm64 unless told, and is the assets repository URI', () => {
    const { app, image } = containerImageOf(ShopImage.fromAsset(ASSET_DIR));
    expect(JSON.stringify(image)).toMatch(/container-assets/);
    expect(dockerPlatforms(app)).toEqual(['linux/arm64']);
  });

  test('an asset image takes another platform', () => {
    const { app } = containerImageOf(
      ShopImage.fromAsset(ASSET_DIR, { platform: ecrAssets.Platform.LINUX_AMD64 }),
    );
    expect(dockerPlatforms(app)).toEqual(['linux/amd64']);
  });
});

describe('ShopImage.cpuArchitecture', () => {
  test.each<[string, ShopImage, ecs.CpuArchitecture | undefined]>([
    ['an amd64 tag', ShopImage.fromRegistry('acme/web:1.0-amd64'), ecs.CpuArchitecture.X86_64],
    ['an x86_64 tag', ShopImage.fromRegistry('acme/web:x86_64-1.0'), ecs.CpuArchitecture.X86_64],
    ['an arm64 tag', ShopImage.fromRegistry('ghcr.io/acme/web:1.0-arm64'), ecs.CpuArchitecture.ARM64],
    ['an aarch64 tag', ShopImage.fromRegistry('acme/web:aarch64'), ecs.CpuArchitecture.ARM64],
    ['a neutral tag', ShopImage.fromRegistry('acme/web:1.0'), undefined],
    ['no tag, a registry port', ShopImage.fromRegistry('localhost:5000/arm64/web'), undefined],
    ['an asset, default platform', ShopImage.fromAsset(ASSET_DIR), ecs.CpuArchitecture.ARM64],
    [
      'an asset for linux/amd64',
      ShopImage.fromAsset(ASSET_DIR, { platform: ecrAssets.Platform.LINUX_AMD64 }),
      ecs.CpuArchitecture.X86_64,
    ],
    [
      'an asset for another platform',
      ShopImage.fromAsset(ASSET_DIR, { platform: ecrAssets.Platform.custom('linux/riscv64') }),
      undefined,
    ],
  ])('%s', (_name, image, expected) => {
    expect(image.cpuArchitecture).toBe(expected);
  });

  test('an ECR tag names its architecture', () => {
    const stack = new Stack();
    const repository = new ecr.Repository(stack, 'Repo');
    expect(ShopImage.fromEcrRepository(repository, '3.1-amd64').cpuArchitecture).toBe(
      ecs.CpuArchitecture.X86_64,
    );
  });
});

describe('ShopImage.bind', () => {
  test('an asset image is defined once per scope, and its URI is the image name once bound', () => {
    const stack = new Stack(new App(), 'Stack');
    const image = ShopImage.fromAsset(ASSET_DIR);
    const first = image.bind(stack);
    const again = image.bind(stack);
    expect(again.repository).toBe(first.repository);
    expect(stack.node.children.filter((c) => c instanceof ecrAssets.DockerImageAsset)).toHaveLength(1);
    expect(stack.resolve(image.imageName)).toEqual(stack.resolve(first.imageName));
    expect(image.repository).toBe(first.repository);
  });

  test('an unbound asset image says so when its name is resolved', () => {
    const stack = new Stack();
    const image = ShopImage.fromAsset(ASSET_DIR);
    expect(image.repository).toBeUndefined();
    expect(() => stack.resolve(image.imageName)).toThrow(/was never bound to a shop/);
  });

  test('a registry image binds to its own name and no repository', () => {
    const config = ShopImage.fromRegistry('acme/web:1.0').bind(new Stack());
    expect(config).toEqual({ imageName: 'acme/web:1.0', repository: undefined });
  });
});
