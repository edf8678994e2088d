import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { ReactNode } from 'react';
import { type StateTone, stateTone } from './stateTone';

const STATUS: Record<StateTone, typeof StatusOK> = {
  ok: StatusOK,
  running: StatusRunning,
  pending: StatusPending,
  warning: StatusWarning,
  error: StatusError,
  aborted: StatusAborted,
};

/**
 * A state (`ready`, `running`, `failed`, `True`, ...) with the Backstage status icon of
 * its tone ({@link stateTone}), and as text: `label`, else the state itself.
 */
export const StateStatus = (props: { state?: string; label?: ReactNode }) => {
  const state = props.state ?? 'unknown';
  const Status = STATUS[stateTone(state)];
  // The status components hide themselves from screen readers; the state is the content.
  return (
    <Status aria-hidden={false} aria-label={undefined}>
      {props.label ?? state}
    </Status>
  );
};
