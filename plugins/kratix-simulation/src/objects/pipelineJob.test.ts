import { workshopScenario } from '../workshop';
import { goJson, pipelineJob, workflowHash } from './pipelineJob';
import { workflowPipelines } from '@kratix-backstage/plugin-kratix-node';

describe('pipelineJob', () => {
  const promise = workshopScenario.promise;
  const request = workshopScenario.requestObject(workshopScenario.requests[0]);
  const [pipeline] = workflowPipelines(promise, 'resource', 'configure');

  it('names, labels and annotates the Job as Kratix does', () => {
    const job = pipelineJob({
      promise,
      pipeline,
      type: 'resource',
      action: 'configure',
      request,
      suffix: 'abcde',
    });

    expect(job.metadata.name).toBe(
      'kratix-elastic-cloud-example-resource-configure-abcde',
    );
    expect(job.metadata.namespace).toBe('default');
    expect(job.metadata.labels).toEqual({
      'kratix.io/promise-name': 'elastic-cloud',
      'kratix.io/workflow-type': 'resource',
      'kratix.io/workflow-action': 'configure',
      'kratix.io/pipeline-name': 'resource-configure',
      'app.kubernetes.io/managed-by': 'Kratix',
      'kratix.io/resource-name': 'example',
      'kratix.io/hash': workflowHash(promise, request),
    });
    expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
    expect(job.metadata.annotations).toEqual({
      'kratix.io/job-resource-namespace': 'default',
      'kratix.io/job-resource-name': 'example',
      'kratix.io/job-resource-kind': 'elastic-cloud',
      'kratix.io/job-resource-api-version': 'workshop.kratix.io/v1alpha1',
    });
  });

  it('orders the containers reader, stages, work-writer, then status-writer', () => {
    const job = pipelineJob({
      promise,
      pipeline,
      type: 'resource',
      action: 'configure',
      request,
    });
    const pod = job.spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual([
      'reader',
      'pipeline-stage-0',
      'work-writer',
    ]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['status-writer']);
    expect(pod.serviceAccountName).toBe(
      'elastic-cloud-resource-configure-resource-configure',
    );
  });

  it('has no work-writer in delete workflows and cuts long names to 56 characters', () => {
    const long = {
      ...request,
      metadata: { ...request.metadata, name: 'a'.repeat(70) },
    };
    const job = pipelineJob({
      promise,
      pipeline,
      type: 'resource',
      action: 'delete',
      request: long,
      suffix: '12345',
    });
    expect(job.metadata.name).toHaveLength(56 + 6);
    expect(
      job.spec.template.spec.initContainers.map((c: any) => c.name),
    ).toEqual(['reader', 'pipeline-stage-0']);
  });

  it('changes the hash when the request spec changes', () => {
    const changed = { ...request, spec: { enableDataCollection: false } };
    expect(workflowHash(promise, changed)).not.toBe(
      workflowHash(promise, request),
    );
  });
});

describe('goJson', () => {
  it('writes JSON as Go does for a map: sorted keys, HTML characters escaped', () => {
    expect(goJson({ b: 1, a: { d: '<x>&', c: [2, { z: 0, y: 1 }] } })).toBe(
      '{"a":{"c":[2,{"y":1,"z":0}],"d":"\\u003cx\\u003e\\u0026"},"b":1}',
    );
    expect(goJson(null)).toBe('null');
  });
});
