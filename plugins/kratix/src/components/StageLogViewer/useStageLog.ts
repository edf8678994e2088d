import { useApi } from '@backstage/core-plugin-api';
import type { LogsUnavailable } from '@kratix-backstage/plugin-kratix-common';
import { useEffect, useState } from 'react';
import { kratixApiRef, type KratixStageLogRef } from '../../api';

/** Where a stage's log stands in the viewer. */
export type StageLogStatus =
  | 'loading'
  | 'following'
  | 'complete'
  | 'unavailable'
  | 'error';

/** A stage's log and where its loading stands. */
export interface StageLogState {
  text: string;
  status: StageLogStatus;
  unavailable?: LogsUnavailable;
  error?: Error;
}

/**
 * Reads a stage's log once, or follows it through the backend's streaming route while
 * `follow` is on: text is appended as the container writes it, until it ends.
 */
export function useStageLog(
  ref: KratixStageLogRef,
  options: { tailLines?: number; follow: boolean; reload: number },
): StageLogState {
  const api = useApi(kratixApiRef);
  const [state, setState] = useState<StageLogState>({
    text: '',
    status: 'loading',
  });
  const { platform, namespace, pod, container } = ref;
  const { tailLines, follow, reload } = options;

  useEffect(() => {
    const controller = new AbortController();
    const target = { platform, namespace, pod, container };
    const fail = (error: Error) => {
      if (!controller.signal.aborted) {
        setState(s => ({ ...s, status: 'error', error }));
      }
    };
    setState({ text: '', status: follow ? 'following' : 'loading' });
    if (follow) {
      api
        .followStageLog(target, {
          tailLines,
          signal: controller.signal,
          onText: text => {
            if (!controller.signal.aborted) {
              setState(s => ({ ...s, text: s.text + text }));
            }
          },
        })
        .then(end => {
          if (controller.signal.aborted) return;
          if ('logsUnavailable' in end) {
            setState({ text: '', status: 'unavailable', unavailable: end });
          } else {
            setState(s => ({ ...s, status: 'complete' }));
          }
        }, fail);
    } else {
      api
        .readStageLog(target, { tailLines, signal: controller.signal })
        .then(log => {
          if (controller.signal.aborted) return;
          if ('logsUnavailable' in log) {
            setState({ text: '', status: 'unavailable', unavailable: log });
          } else {
            setState({ text: log.text, status: 'complete' });
          }
        }, fail);
    }
    return () => controller.abort();
  }, [api, platform, namespace, pod, container, tailLines, follow, reload]);

  return state;
}
