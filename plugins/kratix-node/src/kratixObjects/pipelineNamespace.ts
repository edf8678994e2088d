import { KRATIX_SYSTEM_NAMESPACE } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from './types';

/**
 * The namespace a workflow's Jobs and Works live in.
 *
 * @public
 */
export function pipelineNamespace(
  promise: KubeObject,
  request?: KubeObject,
): string {
  return (
    promise.spec?.workflows?.config?.pipelineNamespace ??
    (request
      ? request.metadata.namespace ?? 'default'
      : KRATIX_SYSTEM_NAMESPACE)
  );
}
