import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { pathPrefixesProblem } from './host/host-rules';
import { RESERVED_PORTS, ResolvedSingleHost } from './single-host-defaults';
import type { SingleHostShopProps } from './single-host-shop-props';
import { invalidProp } from '../../private/errors';
import {
  validateEnvironment,
  validateHealthPath,
  validateImage,
  validateImageArchitecture,
  validatePathPrefixes,
  validatePort,
  validateShopParts,
} from '../base/container-rules';
import type { ShopContainerOptions } from '../base/shop-containers';

/**
 * Checks the storefront, backend and worker props: the rules every shop shares
 * (base/container-rules.ts), then the host's own (reserved ports, one port each, the ACME path).
 */
export function validateContainers(
  scope: Construct,
  props: SingleHostShopProps,
  resolved: ResolvedSingleHost,
  arm: boolean,
): void {
  validateShopParts(scope, props);
  validateContainer(scope, 'storefront', props.storefront, resolved.storefront, arm);
  validateContainer(scope, 'backend', props.backend, resolved.backend, arm);
  if (resolved.storefront && resolved.backend && resolved.storefront.port === resolved.backend.port) {
    throw invalidProp(
      scope,
      'backend.port',
      `storefront and backend both listen on port ${resolved.backend.port}`,
      'Give them different ports.',
    );
  }
  const prefixes = props.backend?.pathPrefixes;
  validatePathPrefixes(scope, 'backend.pathPrefixes', prefixes);
  const acmeProblem = prefixes && pathPrefixesProblem(prefixes);
  if (acmeProblem) {
    throw invalidProp(
      scope,
      'backend.pathPrefixes',
      acmeProblem,
      'Give distinct prefixes such as /store and /admin.',
    );
  }
  validateEnvironment(scope, 'storefront.environment', props.storefront?.environment);
  validateEnvironment(scope, 'backend.environment', props.backend?.environment);
  validateEnvironment(scope, 'worker.environment', props.worker?.environment);
}

function validateContainer(
  scope: Construct,
  name: string,
  options: ShopContainerOptions | undefined,
  resolved: { port: number; healthPath: string } | undefined,
  arm: boolean,
): void {
  if (!options || !resolved) return;
  validateImage(scope, `${name}.image`, options.image);
  validateImageArchitecture(scope, `${name}.image`, options.image, {
    cpuArchitecture: arm ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
    name: 'the instance type',
    otherChoice: arm ? 'an x86 instance type such as t3.small' : 'a Graviton instance type such as t4g.small',
  });
  validatePort(scope, `${name}.port`, resolved.port);
  if (RESERVED_PORTS.includes(resolved.port)) {
    throw invalidProp(
      scope,
      `${name}.port`,
      `port ${resolved.port} is taken on the host (nginx listens on 80 and 443, sshd on 22)`,
      'Give another port, such as 3000 or 9000.',
    );
  }
  validateHealthPath(scope, `${name}.healthPath`, resolved.healthPath);
}
