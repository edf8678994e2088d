import {
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import type { ReactNode } from 'react';
import { type ResolvedEntityTarget, useEntityTarget } from '../../entity';
import { KratixErrorPanel } from '../KratixErrorPanel';

/**
 * Renders `children` with the Kratix object the entity stands for, or says which
 * annotation is missing.
 */
export const EntityTargetGate = (props: {
  children: (target: ResolvedEntityTarget) => ReactNode;
}) => {
  const state = useEntityTarget();
  if (state.loading) return <Progress />;
  if ('missing' in state) {
    return <MissingAnnotationEmptyState annotation={state.missing} />;
  }
  if ('error' in state) {
    return <KratixErrorPanel error={state.error} what="the Kratix platforms" />;
  }
  return <>{props.children(state.target)}</>;
};
