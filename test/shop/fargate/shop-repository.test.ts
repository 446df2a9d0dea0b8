import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShopRepository } from '../../../src';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

describe('ShopRepository', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const repository = new ShopRepository(stack, 'Images', { repositoryName: 'acme/storefront' });
  const template = Template.fromStack(stack);

  test('scan on push, immutable tags, retained', () => {
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: 'acme/storefront',
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      },
    });
  });

  test('lifecycle: untagged images expire after a day, the newest 30 are kept', () => {
    const props = Object.values(template.findResources('AWS::ECR::Repository'))[0] as any;
    const policy = JSON.parse(props.Properties.LifecyclePolicy.LifecyclePolicyText);
    expect(policy.rules.map((r: any) => [r.rulePriority, r.selection])).toEqual([
      [1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 1, countUnit: 'days' }],
      [2, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }],
    ]);
  });

  test('image(tag) is a ShopImage of this repository', () => {
    const image = repository.image('1.4.2');
    expect(image.repository).toBe(repository.repository);
    expect(stack.resolve(image.imageName)).toEqual({
      'Fn::Join': ['', expect.arrayContaining([expect.stringContaining(':1.4.2')])],
    });
  });

  test('nag and guard clean', () => {
    expectNagClean(app);
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });

  test.each([
    ['repositoryName', { repositoryName: 'Acme/Store' }, /not lower-case letters/],
    ['repositoryName', { repositoryName: 'a' }, /2 to 256/],
    ['maxImageCount', { maxImageCount: 0 }, /not a whole number from 1 to 10000/],
    ['maxImageCount', { maxImageCount: 2.5 }, /not a whole number from 1 to 10000/],
  ])('rejects a bad %s', (prop, props, problem) => {
    expect(() => new ShopRepository(new Stack(), 'Images', props)).toThrow(
      new RegExp(`^Default/Images: invalid '${prop}': .*${problem.source}`),
    );
  });
});
