import {
  elasticCloudPromise,
  workForPipeline,
  workPlacementFor,
  workPlacementWrittenStatus,
  workScheduledStatus,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import { placementState, toWork, toWorkPlacement } from './placement';

const at = new Date('2026-11-17T10:00:00Z');
const [example] = workshopScenario.requests;
const work = workForPipeline({
  promise: elasticCloudPromise,
  request: workshopScenario.requestObject(example),
  pipelineName: 'resource-configure',
  namespace: 'default',
  files: { 'a.yaml': 'kind: A\n', 'b/c.yaml': 'kind: C\n' },
  suffix: 'abcde',
  now: at,
});
work.status = workScheduledStatus(1, true, at);
const placement = workPlacementFor(
  work,
  work.spec.workloadGroups[0],
  'worker-1',
);
placement.status = workPlacementWrittenStatus(
  '0123456789abcdef0123456789abcdef01234567',
  at,
);

describe('toWork', () => {
  it('lists workload groups with their decoded files and selectors', () => {
    expect(toWork(work)).toEqual({
      name: 'elastic-cloud-example-resource-configure-abcde',
      namespace: 'default',
      promise: 'elastic-cloud',
      resource: 'example',
      pipeline: 'resource-configure',
      workType: 'resource',
      state: 'ready',
      message: 'All workplacements scheduled successfully',
      conditions: [
        {
          type: 'ScheduleSucceeded',
          status: 'True',
          reason: 'AllWorkplacementsScheduled',
          message: 'All workplacements scheduled successfully',
          lastTransitionTime: at.toISOString(),
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'AllWorkplacementsScheduled',
          message: 'Ready',
          lastTransitionTime: at.toISOString(),
        },
      ],
      lastExecutionTimestamp: at.toISOString(),
      workloadGroups: [
        {
          id: '5058f1af8388633f609cadb75a75dc9d',
          directory: '.',
          destinationSelectors: [
            { matchLabels: { environment: 'dev' }, source: 'promise' },
          ],
          files: [
            { path: 'a.yaml', bytes: 8 },
            { path: 'b/c.yaml', bytes: 8 },
          ],
        },
      ],
    });
  });

  it('includes file contents when asked, and survives a file that does not decode', () => {
    const broken = structuredClone(work);
    broken.spec.workloadGroups[0].workloads.push({
      filepath: 'bad.yaml',
      content: 'not-gzip',
    });
    const files = toWork(broken, { includeContent: true }).workloadGroups[0]
      .files;
    expect(files).toEqual([
      { path: 'a.yaml', bytes: 8, content: 'kind: A\n' },
      { path: 'b/c.yaml', bytes: 8, content: 'kind: C\n' },
      { path: 'bad.yaml', bytes: 0 },
    ]);
  });
});

describe('toWorkPlacement', () => {
  it('shows the Destination, scheduling and write state of a written placement', () => {
    expect(toWorkPlacement(placement)).toMatchObject({
      name: 'elastic-cloud-example-resource-configure-abcde.worker-1-5058f',
      namespace: 'default',
      work: 'elastic-cloud-example-resource-configure-abcde',
      workloadGroupId: '5058f1af8388633f609cadb75a75dc9d',
      destination: 'worker-1',
      promise: 'elastic-cloud',
      resource: 'example',
      state: 'ready',
      scheduled: {
        type: 'ScheduleSucceeded',
        status: 'True',
        reason: 'ScheduledToDestination',
      },
      written: {
        type: 'WriteSucceeded',
        status: 'True',
        reason: 'WorkloadsWrittenToStateStore',
      },
      misplaced: false,
      pending: false,
      versionID: '0123456789abcdef0123456789abcdef01234567',
      files: ['a.yaml', 'b/c.yaml'],
    });
  });

  it('marks a placement misplaced by its label or its scheduling reason', () => {
    const labelled = structuredClone(placement);
    labelled.metadata.labels!['kratix.io/misplaced'] = 'true';
    expect(toWorkPlacement(labelled)).toMatchObject({
      state: 'misplaced',
      misplaced: true,
      pending: false,
    });

    const mismatch = structuredClone(placement);
    mismatch.status.conditions[0] = {
      type: 'ScheduleSucceeded',
      status: 'False',
      reason: 'DestinationSelectorMismatch',
      message: 'Target destination no longer matches destinationSelectors',
    };
    expect(toWorkPlacement(mismatch).misplaced).toBe(true);
  });

  it('marks a placement without status pending, and a failing write failing', () => {
    const fresh = structuredClone(placement);
    delete fresh.status;
    expect(toWorkPlacement(fresh)).toMatchObject({
      state: 'pending',
      pending: true,
      written: undefined,
    });

    const failing = structuredClone(placement);
    failing.status.conditions = [
      {
        type: 'WriteSucceeded',
        status: 'False',
        reason: 'WorkloadsFailedWrite',
        message: 'authentication required',
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'WorkloadsFailedWrite',
        message: 'Failing',
      },
    ];
    expect(toWorkPlacement(failing)).toMatchObject({
      state: 'failing',
      pending: false,
      written: { status: 'False', message: 'authentication required' },
    });
  });
});

describe('placementState', () => {
  it('reads the Ready message the way Kratix rolls Works up', () => {
    expect(
      placementState({ type: 'Ready', status: 'True', message: 'Ready' }),
    ).toBe('ready');
    expect(
      placementState({ type: 'Ready', status: 'False', message: 'Failing' }),
    ).toBe('failing');
    expect(
      placementState({ type: 'Ready', status: 'False', message: 'Misplaced' }),
    ).toBe('misplaced');
    expect(
      placementState({ type: 'Ready', status: 'False', message: 'Pending' }),
    ).toBe('pending');
    expect(placementState(undefined)).toBe('pending');
  });
});
