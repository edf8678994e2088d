import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import {
  KRATIX_LABELS,
  type PipelineRun,
  type ResourceRequest,
  type ResourceRequestEvent,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixObjectEvent } from '../cluster/types';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import type { PipelineRunService } from './PipelineRunService';
import { requirePlatform } from './platformAccess';
import type { RequestService } from './RequestService';
import { findRequest, requestResource } from './RequestService';

type Target = {
  platform: string;
  namespace: string;
  promise: string;
  name: string;
};

type Snapshot = {
  status: string;
  runs: Map<string, string>;
  stages: Map<string, string>;
};

/**
 * Follows one resource request through the shared watch caches: answers its status
 * changes, pipeline runs and stage transitions as events. Costs the cluster nothing
 * beyond the watches the caches already hold.
 *
 * @public
 */
export class RequestEventService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly requests: RequestService,
    private readonly runs: PipelineRunService,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  /**
   * Sends the current state, then every change, until the returned function is called
   * or the request is deleted. Throws a 404 when the request does not exist.
   */
  async follow(
    target: Target,
    send: (event: ResourceRequestEvent) => void,
    onEnd: () => void,
    viewer?: BackstageCredentials,
  ): Promise<() => void> {
    const platform = requirePlatform(this.platforms, target.platform);
    const { request: found } = await findRequest(
      platform,
      target.namespace,
      target.promise,
      target.name,
    );
    // Given the caller's credentials, a request they may not read is not found.
    if (viewer) {
      await this.access.requireReadable(
        viewer,
        requestResource(platform.name, target.promise, found),
      );
    }
    const previous: Snapshot = {
      status: '',
      runs: new Map(),
      stages: new Map(),
    };
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let running = Promise.resolve();

    const emitChanges = async () => {
      if (stopped) return;
      let request: ResourceRequest;
      try {
        request = await this.requests.get(
          target.platform,
          target.namespace,
          target.promise,
          target.name,
        );
      } catch (error) {
        if ((error as Error).name !== 'NotFoundError') throw error;
        send({ type: 'deleted', at: new Date().toISOString() });
        stop();
        onEnd();
        return;
      }
      const runs = await this.runs.forRequest(
        target.platform,
        target.namespace,
        target.promise,
        target.name,
      );
      this.diff(request, runs.items, previous).forEach(send);
    };
    const schedule = () => {
      if (timer || stopped) return;
      // Several watch events often arrive together (Job, Pod, request status): one diff.
      timer = setTimeout(() => {
        timer = undefined;
        running = running.then(emitChanges).catch(() => undefined);
      }, 25);
    };
    const unsubscribe = platform.kratix.subscribe(
      ['requests', 'jobs', 'pods'],
      (event: KratixObjectEvent) => {
        if (this.concerns(event, target)) schedule();
      },
    );
    const heartbeat = setInterval(
      () => send({ type: 'heartbeat', at: new Date().toISOString() }),
      15_000,
    );
    heartbeat.unref?.();
    function stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      unsubscribe();
    }
    await emitChanges();
    return stop;
  }

  private concerns(event: KratixObjectEvent, target: Target): boolean {
    const { metadata } = event.object;
    if (event.kind === 'requests') {
      return (
        metadata.name === target.name && metadata.namespace === target.namespace
      );
    }
    const labels = metadata.labels ?? {};
    return (
      labels[KRATIX_LABELS.promiseName] === target.promise &&
      labels[KRATIX_LABELS.resourceName] === target.name
    );
  }

  private diff(
    request: ResourceRequest,
    runs: PipelineRun[],
    previous: Snapshot,
  ): ResourceRequestEvent[] {
    const at = new Date().toISOString();
    const events: ResourceRequestEvent[] = [];
    const status = JSON.stringify([
      request.state,
      request.message,
      request.conditions.map(c => [c.type, c.status, c.reason, c.message]),
      request.observedGeneration,
    ]);
    const ordered = [...runs].sort((a, b) =>
      (a.createdAt ?? '').localeCompare(b.createdAt ?? ''),
    );
    for (const run of ordered) {
      if (previous.runs.get(run.name) !== run.state) {
        previous.runs.set(run.name, run.state);
        events.push({
          type: 'run',
          at,
          run: run.name,
          pipeline: run.pipeline,
          workflowAction: run.workflowAction,
          state: run.state,
          ...(run.message ? { message: run.message } : {}),
        });
      }
      for (const stage of run.stages) {
        const key = `${run.name}/${stage.name}`;
        if (previous.stages.get(key) === stage.state) continue;
        previous.stages.set(key, stage.state);
        events.push({
          type: 'stage',
          at,
          run: run.name,
          pipeline: run.pipeline,
          stage: stage.name,
          state: stage.state,
          ...(stage.exitCode !== undefined ? { exitCode: stage.exitCode } : {}),
          ...(stage.reason ? { reason: stage.reason } : {}),
          ...(stage.message ? { message: stage.message } : {}),
        });
      }
    }
    // The status last: a client that stops on the final status has seen the stages.
    if (status !== previous.status) {
      previous.status = status;
      events.push({
        type: 'status',
        at,
        state: request.state,
        ...(request.message ? { message: request.message } : {}),
        conditions: request.conditions,
        ...(request.generation !== undefined
          ? { generation: request.generation }
          : {}),
        ...(request.observedGeneration !== undefined
          ? { observedGeneration: request.observedGeneration }
          : {}),
      });
    }
    return events;
  }
}
