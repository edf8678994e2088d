import type {
  PartialResult,
  PipelineRun,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/** Whether a run is still going (so its view should keep refreshing). */
export const isRunLive = (run: PipelineRun) =>
  run.state === 'running' || run.state === 'pending';

/** Whether a request is still changing by itself: a pipeline runs, or Kratix is busy. */
export function isRequestLive(value: {
  request: ResourceRequest;
  runs?: PartialResult<PipelineRun>;
}): boolean {
  return (
    value.request.state === 'pending' ||
    value.request.state === 'deleting' ||
    Boolean(value.runs?.items.some(isRunLive))
  );
}
