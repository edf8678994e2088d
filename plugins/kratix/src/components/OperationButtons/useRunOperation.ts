import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { KratixOperation } from '@kratix-backstage/plugin-kratix-common';
import { useState } from 'react';
import { kratixApiRef, type KratixOperationTarget } from '../../api';

/** `Promise elastic-cloud`, `elastic-cloud request default/example`. */
export const describeTarget = (target: KratixOperationTarget) =>
  target.kind === 'promise'
    ? `Promise ${target.name}`
    : `${target.promise} request ${target.namespace}/${target.name}`;

/**
 * Runs an operation on a request or Promise and says how it went (a transient success
 * alert with the backend's sentence, or an error alert saying what failed); `busy` is
 * the operation under way.
 */
export function useRunOperation(
  target: KratixOperationTarget,
  onDone?: (operation: KratixOperation) => void,
) {
  const api = useApi(kratixApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState<KratixOperation>();

  const run = async (operation: KratixOperation) => {
    setBusy(operation);
    try {
      const result =
        operation === 'delete' && target.kind === 'request'
          ? await api.deleteRequest(target)
          : await api.runOperation(
              operation as Exclude<KratixOperation, 'delete'>,
              target,
            );
      alertApi.post({
        message: result.message,
        severity: 'success',
        display: 'transient',
      });
      onDone?.(operation);
    } catch (error) {
      alertApi.post({
        message: `Could not ${operation} ${describeTarget(target)}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };
  return { run, busy };
}
