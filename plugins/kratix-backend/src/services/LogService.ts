import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  KRATIX_LABELS,
  kratixLogsReadPermission,
  type LogsUnavailable,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixAccessChecks,
  type KratixRequestDecision,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import { Readable } from 'node:stream';
import type { LogOptions } from '../cluster/types';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { onPlatform, requirePlatform } from './platformAccess';
import type { ArchivedLog, ArchivedLogInfo, LogArchive } from '../logArchive';

/**
 * A stage's log as a stream, or the typed reason there is none.
 *
 * @public
 */
export type StageLog =
  | {
      available: true;
      stream: Readable;
      /** Set when the log comes from the archive: the Pod is gone. */
      archived?: ArchivedLogInfo;
    }
  | LogsUnavailable;

/**
 * An archived log as the live route would answer it: the last `tailLines` lines, then the
 * first `limitBytes` bytes (as the kubelet applies them). `sinceSeconds` cannot be applied
 * (the archive keeps no timestamps per line) and is ignored.
 */
export function selectArchivedText(
  content: Buffer,
  options: Pick<LogOptions, 'tailLines' | 'limitBytes'>,
): Buffer {
  let text = content;
  if (options.tailLines !== undefined) {
    let end = text.length;
    // A final newline ends the last line; it does not start another.
    if (end > 0 && text[end - 1] === 0x0a) end -= 1;
    let start = 0;
    let from = end;
    for (let lines = 0; lines < options.tailLines; lines++) {
      const at = from > 0 ? text.lastIndexOf(0x0a, from - 1) : -1;
      if (at < 0) {
        start = 0;
        break;
      }
      from = at;
      start = at + 1;
    }
    text = text.subarray(start);
  }
  if (options.limitBytes !== undefined) {
    text = text.subarray(0, options.limitBytes);
  }
  return text;
}

/** The request a pipeline Pod ran for, from Kratix's labels; undefined for a Promise's. */
function requestOfPod(pod: KubeObject) {
  const labels = pod.metadata.labels ?? {};
  const promise = labels[KRATIX_LABELS.promiseName];
  const name = labels[KRATIX_LABELS.resourceName];
  if (!promise || !name || labels[KRATIX_LABELS.workflowType] === 'promise') {
    return undefined;
  }
  return {
    promise,
    name,
    namespace:
      labels[KRATIX_LABELS.resourceNamespace] ??
      pod.metadata.namespace ??
      'default',
  };
}

/**
 * Logs of pipeline stages. Only Kratix's pipeline Pods, and only their containers, can
 * be read. Given the caller's credentials (`viewer`), `kratix.logs.read` is checked on
 * the request the Pod ran for; a Promise's pipeline, and an archived log (whose Pod is
 * gone and no longer says which request it ran for), need an unconditional allow.
 *
 * @public
 */
export class LogService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly archive?: LogArchive,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  /** Throws NotAllowedError unless the decision allows the log of the Pod. */
  private async allowPod(
    decision: KratixRequestDecision,
    platformName: string,
    pod: KubeObject | undefined,
    where: string,
  ) {
    if (decision.result === 'allow') return;
    const denied = (why: string) =>
      new NotAllowedError(
        `Missing permission ${kratixLogsReadPermission.name} on ${where}${why}`,
      );
    if (decision.result === 'deny') throw denied('');
    const target = pod ? requestOfPod(pod) : undefined;
    if (!target) {
      throw denied(
        pod
          ? ": a Promise's pipeline (the policy allows logs only of some requests)"
          : ': its Pod is gone, so it no longer tells which request it ran for (the policy allows logs only of some requests)',
      );
    }
    const platform = requirePlatform(this.platforms, platformName);
    const promise = await platform.kratix
      .getPromise(target.promise)
      .catch(() => undefined);
    const object = promise
      ? await platform.kratix
          .getRequest(promise, target.namespace, target.name)
          .catch(() => undefined)
      : undefined;
    if (
      !object ||
      !decision.allows({ platform: platformName, ...target, object })
    ) {
      throw denied(
        ` (${target.promise} request ${target.namespace}/${target.name})`,
      );
    }
  }

  /** The archived log, as a stage log, when the Pod is gone and the archive has it. */
  private async fromArchive(
    platformName: string,
    namespace: string,
    podName: string,
    container: string,
    options: LogOptions,
  ): Promise<StageLog | undefined> {
    let archived: ArchivedLog | undefined;
    try {
      archived = await this.archive?.find(
        platformName,
        namespace,
        podName,
        container,
      );
    } catch {
      // The database did not answer: answer as if there were no archive.
      return undefined;
    }
    if (!archived) return undefined;
    const { content, ...info } = archived;
    return {
      available: true,
      stream: Readable.from([selectArchivedText(content, options)]),
      archived: info,
    };
  }

  async read(
    platformName: string,
    namespace: string,
    podName: string,
    container: string,
    options: LogOptions,
    viewer?: BackstageCredentials,
  ): Promise<StageLog> {
    const platform = requirePlatform(this.platforms, platformName);
    const decision: KratixRequestDecision = viewer
      ? await this.access.requestDecision(viewer, kratixLogsReadPermission)
      : { result: 'allow' };
    const where = `the log of Pod '${namespace}/${podName}' on platform '${platform.name}'`;
    // Refused before anything about the Pod is told.
    if (decision.result === 'deny') {
      await this.allowPod(decision, platform.name, undefined, where);
    }
    const pod = await onPlatform(platform, () =>
      platform.kratix.getPod(namespace, podName),
    );
    if (!pod || pod.metadata.labels?.[KRATIX_LABELS.managedBy] !== 'Kratix') {
      const archived = await this.fromArchive(
        platform.name,
        namespace,
        podName,
        container,
        options,
      );
      if (archived) {
        await this.allowPod(decision, platform.name, undefined, where);
        return archived;
      }
      throw new NotFoundError(
        `No Kratix pipeline Pod '${namespace}/${podName}' on platform '${platform.name}': only Pods labelled ${KRATIX_LABELS.managedBy}=Kratix have their logs served`,
      );
    }
    await this.allowPod(decision, platform.name, pod, where);
    const containers: string[] = [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
    ].map((c: any) => c.name);
    if (!containers.includes(container)) {
      throw new NotFoundError(
        `Pod '${namespace}/${podName}' has no container '${container}'; its stages are ${containers.join(
          ', ',
        )}`,
      );
    }
    const log = await onPlatform(platform, () =>
      platform.kratix.readLogs(namespace, podName, container, options),
    );
    if (log.available) return log;
    if (log.reason === 'pod-gone') {
      // Deleted since the cache last heard of it.
      const archived = await this.fromArchive(
        platform.name,
        namespace,
        podName,
        container,
        options,
      );
      if (archived) return archived;
    }
    return {
      logsUnavailable: true,
      platform: platform.name,
      namespace,
      pod: podName,
      container,
      reason: log.reason,
      message: log.message,
      ...(log.statusCode !== undefined ? { statusCode: log.statusCode } : {}),
    };
  }
}
