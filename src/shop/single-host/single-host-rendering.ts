import { Construct } from 'constructs';
import type { ComposeFileOptions } from './host/compose-file';
import type { NginxConfigOptions } from './host/nginx-config';
import type { ResolvedContainer, ResolvedSingleHost } from './single-host-defaults';
import type { SingleHostShopProps } from './single-host-shop-props';
import { withPropContext } from '../../private/errors';
import type { StorefrontOptions, BackendOptions } from '../base/shop-containers';

/** The renderers' option names, and the prop each comes from. */
const RENDERER_OPTION_PROPS: Array<[RegExp, string]> = [
  [/^compose: (storefront|backend|worker)\.(image|port|healthPath|environment)/, '$1.$2'],
  [/^compose: postgres\.version/, 'postgresVersion'],
  [/^compose: postgres\.database/, 'databaseName'],
  [/^compose: redisVersion/, 'redisVersion'],
  [/^compose: worker/, 'worker'],
  [/^nginx: backendPathPrefixes/, 'backend.pathPrefixes'],
  [/^nginx: serverName/, 'domainName'],
  [/^nginx: (storefront|backend)Upstream/, '$1.port'],
];

/**
 * Runs a host renderer; an error it throws is rewrapped in the library's format, naming the
 * construct and the prop the failing option came from.
 */
export function renderFor<T>(scope: Construct, render: () => T): T {
  try {
    return render();
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    const match = RENDERER_OPTION_PROPS.find(([pattern]) => pattern.test(message));
    const prop = match ? message.match(match[0])![0].replace(match[0], match[1]) : 'storefront';
    return withPropContext(scope, prop, 'Check this prop against its documentation.', () => {
      throw e;
    });
  }
}

/** The compose file's options. Images are interpolated by compose from host.env (ECR URIs are deploy-time). */
export function composeOptions(props: SingleHostShopProps, resolved: ResolvedSingleHost): ComposeFileOptions {
  const service = (options: StorefrontOptions | BackendOptions, image: string, r: ResolvedContainer) => ({
    image,
    port: r.port,
    healthPath: r.healthPath,
    environment: { ...options.environment },
  });
  return {
    storefront:
      props.storefront && resolved.storefront
        ? service(props.storefront, '${STOREFRONT_IMAGE}', resolved.storefront)
        : undefined,
    backend:
      props.backend && resolved.backend
        ? service(props.backend, '${BACKEND_IMAGE}', resolved.backend)
        : undefined,
    worker: props.worker ? { environment: { ...props.worker.environment } } : undefined,
    postgres: { version: resolved.postgresVersion, database: resolved.databaseName },
    redisVersion: resolved.redisVersion,
    dataDirectory: '/data',
    envFile: '/run/cdk-shop/shop.env',
    // compose interpolates these from host.env, so the file holds no deploy-time value and can be
    // compressed in the user data
    logging: { logGroupName: '${LOG_GROUP_NAME}', region: '${AWS_REGION}' },
  };
}

/** The nginx site's options (without TLS). */
export function nginxOptions(props: SingleHostShopProps, resolved: ResolvedSingleHost): NginxConfigOptions {
  const storefront = resolved.storefront && `127.0.0.1:${resolved.storefront.port}`;
  const backend = resolved.backend && `127.0.0.1:${resolved.backend.port}`;
  return {
    serverName: props.domainName,
    storefrontUpstream: (storefront ?? backend)!,
    backendUpstream: (backend ?? storefront)!,
    backendPathPrefixes: resolved.storefront && resolved.backend ? resolved.backend.pathPrefixes : [],
  };
}
