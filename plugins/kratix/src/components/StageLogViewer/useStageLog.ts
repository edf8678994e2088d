import { useApi } from '@backstage/core-plugin-api';
import type { LogsUnavailable } from '@kratix-backstage/plugin-kratix-common';
import { useEffect, useState } from 'react';
import { kratixApiRef, type KratixStageLogRef } from '../../api';
import { createLogViewerAnsiStream, toLogViewerAnsi } from './toLogViewerAnsi';

/** Where a stage's log stands in the viewer. */
export type StageLogStatus =
  | 'loading'
  | 'following'
  | 'complete'
  | 'unavailable'
  | 'error';

/** A stage's log, ready for the viewer, and where its loading stands. */
export interface StageLogState {
  text: string;
  status: StageLogStatus;
  unavailable?: LogsUnavailable;
  error?: Error;
  /** Set when the Pod is gone and the log comes from the archive: when it was archived. */
  archivedAt?: string;
}

/**
 * How often, at most, followed text is handed to the viewer: a busy container writes
 * many small chunks, and each hand-over costs the viewer a pass over the new text.
 */
const APPEND_EVERY_MS = 200;

/**
 * Reads a stage's log once, or follows it through the backend's streaming route while
 * `follow` is on: text is appended as the container writes it, until it ends. The text
 * is rewritten for core-components' `LogViewer` ({@link toLogViewerAnsi}).
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
    const { signal } = controller;
    const target = { platform, namespace, pod, container };
    const fail = (error: Error) => {
      if (!signal.aborted) setState(s => ({ ...s, status: 'error', error }));
    };
    const unavailable = (end: LogsUnavailable) =>
      setState({ text: '', status: 'unavailable', unavailable: end });
    setState({ text: '', status: follow ? 'following' : 'loading' });

    if (!follow) {
      api.readStageLog(target, { tailLines, signal }).then(log => {
        if (signal.aborted) return;
        if ('logsUnavailable' in log) unavailable(log);
        else
          setState({
            text: toLogViewerAnsi(log.text),
            status: 'complete',
            ...(log.archivedAt ? { archivedAt: log.archivedAt } : {}),
          });
      }, fail);
      return () => controller.abort();
    }

    const convert = createLogViewerAnsiStream();
    let pending = '';
    let lastAppend = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const append = () => {
      timer = undefined;
      lastAppend = Date.now();
      const text = pending;
      pending = '';
      if (text && !signal.aborted) {
        setState(s => ({ ...s, text: s.text + text }));
      }
    };
    api
      .followStageLog(target, {
        tailLines,
        signal,
        onText: text => {
          pending += convert(text);
          timer ??= setTimeout(
            append,
            Math.max(0, lastAppend + APPEND_EVERY_MS - Date.now()),
          );
        },
      })
      .then(end => {
        if (signal.aborted) return;
        clearTimeout(timer);
        if ('logsUnavailable' in end) {
          unavailable(end);
          return;
        }
        const rest = pending + convert('', true);
        setState(s => ({
          ...s,
          text: s.text + rest,
          status: 'complete',
          ...(end.archivedAt ? { archivedAt: end.archivedAt } : {}),
        }));
      }, fail);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, platform, namespace, pod, container, tailLines, follow, reload]);

  return state;
}
