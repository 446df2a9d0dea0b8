import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { FargateShop, ShopImage, SingleHostShop } from '../../../src';
import { validateEnvironment } from '../../../src/shop/base/container-rules';

/*
 * Plain-text environment whose names say they hold a secret is accepted with a warning that names
 * the variable, the prop and where secrets go; NEXT_PUBLIC_ names are public by design.
 */

const STOREFRONT = ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2');
const MEDUSA = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2');

function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp('the name says it holds a secret'))
    .map((w) => `${w.id} ${w.entry.data}`);
}

function check(env: { [name: string]: string }, secretsProp?: string): string[] {
  const stack = new Stack();
  validateEnvironment(new Construct(stack, 'Shop'), 'backend.environment', env, secretsProp);
  return warnings(stack);
}

describe('validateEnvironment: secret-like names', () => {
  test.each([
    'STRIPE_API_KEY',
    'stripe_api_key',
    'SENDGRID_TOKEN',
    'ADMIN_PASSWORD',
    'DB_PASSWD',
    'SIGNING_PRIVATE_KEY',
    'AWS_CREDENTIALS',
    'CLIENT_SECRET',
    'NEXT_PRIVATE_SECRET',
  ])('%s warns, naming the construct, the variable and secrets', (name) => {
    const found = check({ [name]: 'x' }, 'backendService.secrets');
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `^/Default/Shop backend\\.environment\\.${name}: .*Give it in backendService\\.secrets as an ecs\\.Secret`,
        ),
      ),
    ]);
  });

  test.each([
    'NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY',
    'NEXT_PUBLIC_STRIPE_API_KEY',
    'NEXT_PUBLIC_TOKEN_URL',
    'MEDUSA_BACKEND_URL',
    'PORT',
    'KEYCLOAK_REALM',
  ])('%s passes without a warning', (name) => {
    expect(check({ [name]: 'x' }, 'backendService.secrets')).toEqual([]);
  });

  test('without a secrets prop the warning says to read the secret at run time', () => {
    expect(check({ API_KEY: 'x' })).toEqual([expect.stringMatching(/read it at run time/)]);
  });
});

describe('the shops warn on secret-like environment', () => {
  test('FargateShop names the service settings secrets prop', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    new FargateShop(stack, 'Shop', {
      storefront: { image: STOREFRONT, environment: { NEXT_PUBLIC_STRIPE_KEY: 'pk_live_1' } },
      backend: { image: MEDUSA, environment: { STRIPE_API_KEY: 'sk_live_1' } },
    });
    expect(warnings(stack)).toEqual([
      expect.stringMatching(/^\/Stack\/Shop backend\.environment\.STRIPE_API_KEY: .*backendService\.secrets/),
    ]);
  });

  test('SingleHostShop warns the same way', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    new SingleHostShop(stack, 'Shop', {
      storefront: { image: STOREFRONT },
      backend: { image: MEDUSA, environment: { SMTP_PASSWORD: 'hunter2' } },
    });
    expect(warnings(stack)).toEqual([
      expect.stringMatching(/^\/Stack\/Shop backend\.environment\.SMTP_PASSWORD: /),
    ]);
  });
});
