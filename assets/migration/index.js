// @ts-check
'use strict';
/*
 * The handlers of a ShopMigration (cdk-shop), run by aws-cdk-lib's custom resource provider
 * framework: `onEvent` starts the one-off migration task (ecs:RunTask), `isComplete` asks ECS
 * (ecs:DescribeTasks) until it stops and fails the deployment unless its container exited 0.
 *
 * Plain CommonJS with no dependency but the AWS SDK for JavaScript v3 that the Lambda Node.js
 * runtime provides, so the package ships it as it is (no bundler, the same file for the tests).
 */

/** Tasks this handler starts say so in ECS's `startedBy` (at most 128 characters). */
const STARTED_BY = 'cdk-shop-migration';

/**
 * What a DescribeTasks answer about the migration task means.
 *
 * @param {{ tasks?: any[], failures?: any[] }} answer the DescribeTasks response
 * @param {{ containerName: string, timeoutSeconds: number, now: number }} context the migration
 *   container's name, the longest the task may take, and the time now (epoch milliseconds)
 * @returns {{ state: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT', reason: string }}
 */
function migrationOutcome(answer, context) {
  const task = (answer.tasks ?? [])[0];
  if (!task) {
    const failure = (answer.failures ?? [])[0];
    const why = failure ? `: ${failure.reason ?? 'no reason given'}${failure.detail ? ` (${failure.detail})` : ''}` : '';
    return { state: 'FAILED', reason: `ECS does not know the migration task${why}` };
  }
  if (task.lastStatus !== 'STOPPED') {
    const created = new Date(task.createdAt ?? context.now).getTime();
    const elapsedSeconds = Math.floor((context.now - created) / 1000);
    if (elapsedSeconds > context.timeoutSeconds) {
      return {
        state: 'TIMED_OUT',
        reason: `the migration task ran ${elapsedSeconds} s, over its timeout of ${context.timeoutSeconds} s (status ${task.lastStatus})`,
      };
    }
    return { state: 'RUNNING', reason: `the migration task is ${task.lastStatus ?? 'starting'}` };
  }
  const stopped = task.stoppedReason ? `: ${task.stoppedReason}` : '';
  if (task.stopCode === 'TaskFailedToStart') {
    return { state: 'FAILED', reason: `the migration task failed to start (${task.stopCode})${stopped}` };
  }
  const container = (task.containers ?? []).find((c) => c.name === context.containerName);
  if (!container) {
    return { state: 'FAILED', reason: `the migration task has no container named ${context.containerName}${stopped}` };
  }
  if (container.exitCode === undefined || container.exitCode === null) {
    const containerReason = container.reason ? ` (${container.reason})` : '';
    return {
      state: 'FAILED',
      reason: `the migration task stopped before its container ran to an end (no exit code, stop code ${task.stopCode ?? 'none'})${stopped}${containerReason}`,
    };
  }
  if (container.exitCode !== 0) {
    return { state: 'FAILED', reason: `the migration exited with code ${container.exitCode}${stopped}` };
  }
  return { state: 'SUCCEEDED', reason: 'the migration exited with code 0' };
}

/** Where the migration container's log lines are: the awslogs driver's stream for the task. */
function logLocation(props, taskArn) {
  const taskId = String(taskArn ?? '').split('/').pop();
  return `log group ${props.LogGroupName}, stream ${props.LogStreamPrefix}/${props.ContainerName}/${taskId}`;
}

/** The RunTask request of the migration task. */
function runTaskRequest(props) {
  return {
    cluster: props.ClusterArn,
    taskDefinition: props.TaskDefinitionArn,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    count: 1,
    startedBy: STARTED_BY,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: props.Subnets,
        securityGroups: props.SecurityGroups,
        assignPublicIp: 'DISABLED',
      },
    },
  };
}

let ecsClient;
function ecs() {
  // loaded on first use: the tests load this file without the SDK
  const { ECSClient } = require('@aws-sdk/client-ecs');
  ecsClient ??= new ECSClient({});
  return ecsClient;
}

/** Whether CloudFormation is rolling the stack back: the update then puts an older image back. */
async function rollingBack(stackId) {
  const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');
  const answer = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackId }));
  const status = answer.Stacks?.[0]?.StackStatus ?? '';
  return status.includes('ROLLBACK');
}

/** Create and Update start the migration task; Delete and the updates of a rollback do nothing. */
async function onEvent(event) {
  const props = event.ResourceProperties;
  if (event.RequestType === 'Delete') {
    console.log('Delete: nothing to undo (migrations run forward only)');
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType === 'Update' && (await rollingBack(event.StackId))) {
    // db:migrate never migrates down: the older image's run would change nothing, and a failure
    // here would leave the stack in UPDATE_ROLLBACK_FAILED
    console.log('Update during a rollback: the migration is not run again');
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { Skipped: 'true' } };
  }
  const { RunTaskCommand } = require('@aws-sdk/client-ecs');
  const answer = await ecs().send(new RunTaskCommand(runTaskRequest(props)));
  const task = (answer.tasks ?? [])[0];
  if (!task) {
    const failures = (answer.failures ?? []).map((f) => `${f.reason ?? ''} ${f.detail ?? ''}`.trim());
    throw new Error(`ECS did not start the migration task: ${failures.join('; ') || 'no reason given'}`);
  }
  console.log(`started ${task.taskArn} (${props.TaskDefinitionArn}); ${logLocation(props, task.taskArn)}`);
  return { PhysicalResourceId: task.taskArn, Data: { TaskArn: task.taskArn, Skipped: 'false' } };
}

/** Polled by the framework until it returns IsComplete: true, or throws to fail the deployment. */
async function isComplete(event) {
  if (event.RequestType === 'Delete' || event.Data?.Skipped === 'true') return { IsComplete: true };
  const props = event.ResourceProperties;
  const taskArn = event.PhysicalResourceId;
  const { DescribeTasksCommand, StopTaskCommand } = require('@aws-sdk/client-ecs');
  const answer = await ecs().send(new DescribeTasksCommand({ cluster: props.ClusterArn, tasks: [taskArn] }));
  const outcome = migrationOutcome(answer, {
    containerName: props.ContainerName,
    timeoutSeconds: Number(props.TimeoutSeconds),
    now: Date.now(),
  });
  console.log(`${taskArn}: ${outcome.state}, ${outcome.reason}`);
  if (outcome.state === 'RUNNING') return { IsComplete: false };
  if (outcome.state === 'SUCCEEDED') return { IsComplete: true, Data: { TaskArn: taskArn } };
  if (outcome.state === 'TIMED_OUT') {
    await ecs().send(
      new StopTaskCommand({ cluster: props.ClusterArn, task: taskArn, reason: 'cdk-shop: migration timed out' }),
    );
  }
  throw new Error(`Migration failed: ${outcome.reason}; ${logLocation(props, taskArn)}`);
}

module.exports = { onEvent, isComplete, migrationOutcome, runTaskRequest, STARTED_BY };
