import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type KratixCondition,
  requestOutcome,
  type ResourceRequestEvent,
} from '@kratix-backstage/plugin-kratix-common';

type Target = {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
};

/** Where a request ended up. */
export interface WaitResult {
  succeeded: boolean;
  message: string;
  conditions: KratixCondition[];
}

/**
 * Follows a request's events until its configure workflow completed and its Works are
 * ready (resolves), or it failed, was deleted, or the timeout passed (throws, naming
 * the failing stage when there is one). Logs each run and stage transition.
 */
export async function waitForRequest(
  events: (
    target: Target,
    signal: AbortSignal,
  ) => AsyncIterable<ResourceRequestEvent>,
  target: Target,
  options: { timeoutMs: number; logger: LoggerService; signal?: AbortSignal },
): Promise<WaitResult> {
  const { logger } = options;
  const what = `${target.promise} request ${target.namespace}/${target.name}`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  let last: WaitResult = { succeeded: false, message: '', conditions: [] };
  let failedStage: string | undefined;
  let waitingFor: number | undefined;
  try {
    for await (const event of events(target, controller.signal)) {
      switch (event.type) {
        case 'run':
          logger.info(
            `Pipeline ${event.pipeline} (${event.workflowAction}, Job ${event.run}): ${event.state}`,
          );
          break;
        case 'stage':
          if (event.state === 'failed') {
            failedStage = `${event.stage} of pipeline ${event.pipeline}`;
          }
          if (event.state !== 'pending') {
            logger.info(
              `Stage ${event.stage} of pipeline ${event.pipeline}: ${
                event.state
              }${
                event.exitCode !== undefined && event.state === 'failed'
                  ? ` (exit code ${event.exitCode})`
                  : ''
              }`,
            );
          }
          break;
        case 'status': {
          const previous = last;
          last = {
            succeeded: false,
            message: event.message ?? '',
            conditions: event.conditions,
          };
          if (event.message && event.message !== previous.message) {
            logger.info(`Status: ${event.message}`);
          }
          // After an update (updateExisting), the conditions describe the previous
          // generation until Kratix has reconciled the new one: not an outcome yet.
          if (
            event.generation !== undefined &&
            event.observedGeneration !== undefined &&
            event.observedGeneration < event.generation
          ) {
            if (waitingFor !== event.generation) {
              waitingFor = event.generation;
              logger.info(
                `Waiting for Kratix to reconcile generation ${event.generation} (last reconciled: ${event.observedGeneration})`,
              );
            }
            break;
          }
          const outcome = requestOutcome(event.conditions);
          if (outcome === 'succeeded') return { ...last, succeeded: true };
          if (outcome === 'failed') {
            const condition = event.conditions.find(c => c.status === 'False');
            throw new InputError(
              `The ${what} failed${
                failedStage ? ` at stage ${failedStage}` : ''
              }: ${
                condition?.message ??
                condition?.reason ??
                event.message ??
                'no message'
              }`,
            );
          }
          break;
        }
        case 'deleted':
          throw new InputError(`The ${what} was deleted while waiting for it`);
        default:
          break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
    controller.abort();
  }
  if (options.signal?.aborted) {
    throw new Error(`Stopped waiting for the ${what}: the task was cancelled`);
  }
  if (!timedOut) {
    throw new Error(
      `The Kratix backend ended the event stream of the ${what} before it completed`,
    );
  }
  throw new Error(
    `Timed out after ${Math.round(
      options.timeoutMs / 1000,
    )}s waiting for the ${what}${
      last.message ? `; last status: ${last.message}` : ''
    }`,
  );
}
