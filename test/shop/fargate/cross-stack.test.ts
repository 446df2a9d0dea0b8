import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASIC } from './fargate-fixtures';
import { FargateShop, ShopCache, ShopDatabase, ShopNetwork } from '../../../src';

// A data stack (network, database, cache) and a shop stack that uses them: the layout of a team
// that deploys its data apart from its services.
function twoStacks(): { app: App; data: Template; shop: Template } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const env = { region: 'us-east-1' };
  const dataStack = new Stack(app, 'Data', { env });
  const network = new ShopNetwork(dataStack, 'Network');
  const database = new ShopDatabase(dataStack, 'Database', { vpc: network.vpc });
  const cache = new ShopCache(dataStack, 'Cache', { vpc: network.vpc });
  const shopStack = new Stack(app, 'Shop', { env });
  new FargateShop(shopStack, 'Shop', { ...BASIC, vpc: network.vpc, database, cache });
  // synthesizing the assembly resolves every cross-stack reference and fails on a cycle
  const assembly = app.synth();
  return {
    app,
    data: Template.fromJSON(assembly.getStackByName('Data').template),
    shop: Template.fromJSON(assembly.getStackByName('Shop').template),
  };
}

/** The ingress rules of a template on a port, with what their group and source refer to. */
function ingressOn(template: Template, port: number): any[] {
  const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
    (r: any) => r.Properties,
  );
  return rules.filter((p) => p.FromPort === port && p.ToPort === port);
}

describe('FargateShop with the database and cache of another stack', () => {
  const { app, data, shop } = twoStacks();

  test('the shop stack depends on the data stack, not the other way round', () => {
    const shopStack = app.node.findChild('Shop') as Stack;
    const dataStack = app.node.findChild('Data') as Stack;
    expect(shopStack.dependencies).toContain(dataStack);
    expect(dataStack.dependencies).not.toContain(shopStack);
    expect(JSON.stringify(data.toJSON())).not.toContain('Fn::ImportValue');
  });

  test.each([
    ['PostgreSQL', 5432],
    ['Valkey/Redis', 6379],
  ])('the %s ingress rules live in the shop stack, on the data stack group, from the services', (_, port) => {
    expect(ingressOn(data, port)).toEqual([]);
    const rules = ingressOn(shop, port);
    // one per service that uses the data tier
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.GroupId).toEqual({ 'Fn::ImportValue': expect.stringContaining('Data:') });
      expect(rule.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'GroupId'] });
    }
  });

  test('the backend still gets DATABASE_URL and REDIS_URL from the other stack', () => {
    const defs = Object.values(shop.findResources('AWS::ECS::TaskDefinition')).flatMap(
      (r: any) => r.Properties.ContainerDefinitions,
    );
    const backend = defs.find((d: any) => JSON.stringify(d.EntryPoint ?? []).includes('DATABASE_URL'));
    expect(backend).toBeDefined();
    expect(JSON.stringify(backend.EntryPoint)).toContain('REDIS_URL');
    expect(JSON.stringify(backend.EntryPoint)).toContain('Fn::ImportValue');
  });
});
