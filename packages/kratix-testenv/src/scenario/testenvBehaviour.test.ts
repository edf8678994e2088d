import {
  METADATA_ANNOTATIONS,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import {
  testenvBehaviour,
  WORKFLOW_CONTROL_ONCE_ANNOTATION,
} from './testenvBehaviour';

const control = { retryAfter: '1h', message: 'waiting for approval' };
const request = (annotations: Record<string, string>, status?: any) => ({
  apiVersion: 'workshop.kratix.io/v1alpha1',
  kind: 'elastic-cloud',
  metadata: { name: 'r', namespace: 'default', annotations },
  spec: {},
  ...(status ? { status } : {}),
});

describe('testenvBehaviour', () => {
  const behave = testenvBehaviour();
  const promise = workshopScenario.promise;

  it('writes workflow-control.yaml every run without the once annotation', () => {
    const annotations = {
      [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify(control),
    };
    const suspendedBefore = {
      kratix: { workflows: { suspendedGeneration: 1 } },
    };
    expect(behave(promise, request(annotations)).workflowControl).toEqual(
      control,
    );
    expect(
      behave(promise, request(annotations, suspendedBefore)).workflowControl,
    ).toEqual(control);
  });

  it('with the once annotation, only until Kratix recorded a suspension', () => {
    const annotations = {
      [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify(control),
      [WORKFLOW_CONTROL_ONCE_ANNOTATION]: 'true',
    };
    expect(behave(promise, request(annotations)).workflowControl).toEqual(
      control,
    );
    const running = {
      kratix: {
        workflows: {
          pipelines: [{ name: 'resource-configure', phase: 'Running' }],
        },
      },
    };
    expect(
      behave(promise, request(annotations, running)).workflowControl,
    ).toEqual(control);
    for (const status of [
      { kratix: { workflows: { suspendedGeneration: 2 } } },
      {
        kratix: {
          workflows: { pipelines: [{ phase: 'Running', attempts: 1 }] },
        },
      },
      {
        kratix: {
          workflows: { configure: { pipelines: [{ phase: 'Suspended' }] } },
        },
      },
    ]) {
      const b = behave(promise, request(annotations, status));
      expect(b.workflowControl).toBeUndefined();
      expect(Object.keys(b.outputs)).toContain('elastic-crds.yaml');
    }
  });
});
