import { Duration } from 'aws-cdk-lib';

/** The defaults of `FargateWorkerQueue`, in one place for the construct, its checks and the README. */
export const WORKER_QUEUE_DEFAULTS = {
  expectedProcessingTime: Duration.seconds(30),
  targetBacklogPerTask: 100,
  /** The variable that holds the queue's URL in the backend, the worker and services with `queue: true`. */
  urlVariable: 'QUEUE_URL',
};
