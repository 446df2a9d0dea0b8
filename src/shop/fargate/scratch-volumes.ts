import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The image of the container that makes the scratch volumes writable for a non-root user
 * before the app's container starts: Fargate bind mounts are owned by root with mode 0755.
 * The official BusyBox image on Amazon ECR Public (about 2 MB), pinned by the digest of the
 * multi-architecture image index of `busybox:1.37` (linux/amd64 and linux/arm64 among its
 * platforms; docker-library/repo-info repos/busybox/remote/1.37.md), so a retag cannot change it.
 */
export const SCRATCH_INIT_IMAGE =
  'public.ecr.aws/docker/library/busybox@sha256:9db7b59979c38555a39def84a31fb98b5296952f9e3afd4f6f11f05b07adfab0';

/**
 * One empty task volume per scratch directory of `container` (its root file system is read-only),
 * made world-writable (with the sticky bit, like /tmp) by a short-lived init container that
 * `container` waits for; the init container logs to `logGroup`. Nothing without directories.
 */
export function addScratchVolumes(
  taskDefinition: ecs.TaskDefinition,
  container: ecs.ContainerDefinition,
  logGroup: logs.ILogGroup,
  directories: string[],
): void {
  if (directories.length === 0) return;
  const volumes = directories.map((containerPath, i) => ({ name: `scratch-${i}`, containerPath }));
  for (const volume of volumes) taskDefinition.addVolume({ name: volume.name });
  container.addMountPoints(
    ...volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })),
  );
  const init = taskDefinition.addContainer('scratch-permissions', {
    image: ecs.ContainerImage.fromRegistry(SCRATCH_INIT_IMAGE),
    essential: false,
    memoryLimitMiB: 32,
    cpu: 0,
    readonlyRootFilesystem: true,
    user: '0',
    command: ['chmod', '1777', ...volumes.map((v) => `/scratch/${v.name}`)],
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'scratch-permissions' }),
  });
  init.addMountPoints(
    ...volumes.map((v) => ({ sourceVolume: v.name, containerPath: `/scratch/${v.name}`, readOnly: false })),
  );
  container.addContainerDependencies({
    container: init,
    condition: ecs.ContainerDependencyCondition.SUCCESS,
  });
}
