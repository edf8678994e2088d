import { NotFoundError } from '@backstage/errors';
import {
  KRATIX_LABELS,
  type LogsUnavailable,
} from '@kratix-backstage/plugin-kratix-common';
import type { Readable } from 'node:stream';
import type { LogOptions } from '../cluster/types';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { onPlatform, requirePlatform } from './platformAccess';

/**
 * A stage's log as a stream, or the typed reason there is none.
 *
 * @public
 */
export type StageLog = { available: true; stream: Readable } | LogsUnavailable;

/**
 * Logs of pipeline stages. Only Kratix's pipeline Pods, and only their containers, can
 * be read.
 *
 * @public
 */
export class LogService {
  constructor(private readonly platforms: KratixPlatforms) {}

  async read(
    platformName: string,
    namespace: string,
    podName: string,
    container: string,
    options: LogOptions,
  ): Promise<StageLog> {
    const platform = requirePlatform(this.platforms, platformName);
    const pod = await onPlatform(platform, () =>
      platform.kratix.getPod(namespace, podName),
    );
    if (!pod || pod.metadata.labels?.[KRATIX_LABELS.managedBy] !== 'Kratix') {
      throw new NotFoundError(
        `No Kratix pipeline Pod '${namespace}/${podName}' on platform '${platform.name}': only Pods labelled ${KRATIX_LABELS.managedBy}=Kratix have their logs served`,
      );
    }
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
