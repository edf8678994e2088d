import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { detectTransitions, keyLineOf, requestEntityLink } from './transitions';

const at = '2026-12-05T10:00:00Z';

function request(
  conditions: object[],
  extra: { generation?: number; observedGeneration?: number } = {},
): KubeObject {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: {
      name: 'example',
      namespace: 'default',
      uid: 'u1',
      generation: extra.generation ?? 1,
    },
    status: {
      conditions,
      ...(extra.observedGeneration !== undefined
        ? { observedGeneration: extra.observedGeneration }
        : {}),
    },
  };
}

const completed = (status: string, reason: string, message = '') => ({
  type: 'ConfigureWorkflowCompleted',
  status,
  reason,
  message,
  lastTransitionTime: at,
});

describe('detectTransitions', () => {
  it('succeeded: the configure workflow completed for the current generation', () => {
    expect(
      detectTransitions(
        request([completed('True', 'PipelinesExecutedSuccessfully')], {
          generation: 2,
          observedGeneration: 2,
        }),
      ),
    ).toEqual([{ transition: 'succeeded', generation: 2, at }]);
  });

  it('nothing while Kratix has not observed the new generation yet', () => {
    expect(
      detectTransitions(
        request([completed('True', 'PipelinesExecutedSuccessfully')], {
          generation: 3,
          observedGeneration: 2,
        }),
      ),
    ).toEqual([]);
  });

  it('nothing while the pipelines run', () => {
    expect(
      detectTransitions(request([completed('False', 'PipelinesInProgress')])),
    ).toEqual([]);
  });

  it("failed: Kratix's message as the key line", () => {
    expect(
      detectTransitions(
        request([
          completed(
            'False',
            'ConfigureWorkflowFailed',
            'A Configure Pipeline has failed: instance-configure\nmore',
          ),
        ]),
      ),
    ).toEqual([
      {
        transition: 'failed',
        generation: 1,
        at,
        keyLine: 'A Configure Pipeline has failed: instance-configure',
      },
    ]);
  });

  it('workerFailed: WorksSucceeded False with WorksFailing, besides the success', () => {
    const found = detectTransitions(
      request([
        completed('True', 'PipelinesExecutedSuccessfully'),
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksFailing',
          message:
            'Some works associated with this resource failed: [example-abc]',
          lastTransitionTime: at,
        },
      ]),
    );
    expect(found.map(f => f.transition)).toEqual(['succeeded', 'workerFailed']);
    expect(found[1].keyLine).toBe(
      'Some works associated with this resource failed: [example-abc]',
    );
  });

  it("workerFailed: a worker's Flux refused the output, with Flux's message and the Destination", () => {
    const found = detectTransitions(
      request([completed('True', 'PipelinesExecutedSuccessfully')]),
      {
        worker: {
          state: 'failing',
          destinations: [
            { destination: 'worker-2', state: 'applied' },
            {
              destination: 'worker-1',
              state: 'failing',
              message:
                'Namespace/elastic-system dry-run failed: namespaces "x" is forbidden',
            },
          ],
        },
      },
    );
    expect(found[1]).toEqual({
      transition: 'workerFailed',
      generation: 1,
      destinations: ['worker-1'],
      keyLine:
        'worker-1: Namespace/elastic-system dry-run failed: namespaces "x" is forbidden',
    });
  });

  it('no worker failure for misplaced Works', () => {
    expect(
      detectTransitions(
        request([
          {
            type: 'WorksSucceeded',
            status: 'False',
            reason: 'WorksMisplaced',
          },
        ]),
      ),
    ).toEqual([]);
  });
});

describe('keyLineOf and requestEntityLink', () => {
  it('keeps the first non-empty line, cut to 300 characters', () => {
    expect(keyLineOf('\n  first \nsecond')).toBe('first');
    expect(keyLineOf('x'.repeat(400))).toHaveLength(300);
    expect(keyLineOf('')).toBeUndefined();
  });

  it("links to the request's catalog entity", () => {
    expect(requestEntityLink('demo', 'default', 'elastic-cloud', 'x')).toBe(
      '/catalog/default/resource/demo-default-elastic-cloud-x',
    );
  });
});
