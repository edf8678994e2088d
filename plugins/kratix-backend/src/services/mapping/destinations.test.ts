import { destinationReadyStatus } from '@kratix-backstage/kratix-simulation';
import { toDestination } from './destinations';

const at = new Date('2026-11-17T10:00:00Z');
const destination = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Destination',
  metadata: { name: 'worker-1', labels: { environment: 'dev' } },
  spec: {
    path: 'worker-1',
    stateStoreRef: { kind: 'GitStateStore', name: 'default' },
  },
  status: destinationReadyStatus(at),
};
const store = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'GitStateStore',
  metadata: { name: 'default' },
  spec: { url: 'https://git.example.com/state.git', branch: 'main' },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'StateStoreReady',
        message: 'State store is ready',
      },
    ],
  },
};

describe('toDestination', () => {
  it('maps the Ready condition, state store and serving workers', () => {
    expect(
      toDestination(
        { name: 'prod', demo: false },
        destination,
        [store],
        ['worker-a'],
      ),
    ).toEqual({
      platform: 'prod',
      name: 'worker-1',
      labels: { environment: 'dev' },
      path: 'worker-1',
      strictMatchLabels: false,
      filepathMode: 'nestedByMetadata',
      ready: 'True',
      readyReason: 'TestDocumentsWritten',
      readyMessage: 'Test documents written to State Store',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'TestDocumentsWritten',
          message: 'Test documents written to State Store',
          lastTransitionTime: at.toISOString(),
        },
      ],
      stateStore: {
        kind: 'GitStateStore',
        name: 'default',
        found: true,
        ready: 'True',
        message: 'State store is ready',
        url: 'https://git.example.com/state.git',
        branch: 'main',
      },
      workers: ['worker-a'],
    });
  });

  it('says when the state store does not exist and the Destination is not Ready', () => {
    const broken = {
      ...destination,
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'StateStoreNotFound',
            message: 'GitStateStore/default: not found',
          },
        ],
      },
    };
    expect(
      toDestination({ name: 'p', demo: true }, broken, [], []),
    ).toMatchObject({
      demo: true,
      ready: 'False',
      readyReason: 'StateStoreNotFound',
      stateStore: { kind: 'GitStateStore', name: 'default', found: false },
    });
  });
});
