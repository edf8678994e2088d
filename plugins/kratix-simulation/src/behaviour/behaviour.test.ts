import { workshopScenario } from '../workshop';
import {
  FAIL_CONTAINER_ANNOTATION,
  METADATA_ANNOTATIONS,
  scenarioBehaviour,
} from './behaviour';

const request = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'workshop.kratix.io/v1alpha1',
  kind: 'elastic-cloud',
  metadata: { name, namespace: 'default', annotations },
  spec: { enableDataCollection: false },
});

describe('scenarioBehaviour', () => {
  const behave = scenarioBehaviour(workshopScenario);

  it("plays the workshop's pipeline for any elastic-cloud request: its logs and its outputs", () => {
    const b = behave(workshopScenario.promise, request('third-request'));
    expect(b.logs['pipeline-stage-0']).toContain('Downloading CRDS...');
    expect(Object.keys(b.outputs).sort()).toEqual([
      'elastic-crds.yaml',
      'elastic-operator.yaml',
      'elasticsearch.yaml',
      'kibana.yaml',
    ]);
    expect(b.failAt).toBeUndefined();
  });

  it('fails where the request is annotated to, and stops its logs there', () => {
    const b = behave(
      workshopScenario.promise,
      request('broken', { [FAIL_CONTAINER_ANNOTATION]: 'pipeline-stage-0' }),
    );
    expect(b.failAt).toEqual({ container: 'pipeline-stage-0', exitCode: 1 });
    expect(b.logs['work-writer']).toBeUndefined();
  });

  it('adds the metadata files the request asks for, and names a malformed annotation', () => {
    const b = behave(
      workshopScenario.promise,
      request('meta', {
        [METADATA_ANNOTATIONS.status]: '{"url":"https://x"}',
        [METADATA_ANNOTATIONS.workflowControl]: '{"suspend":true}',
        [METADATA_ANNOTATIONS.destinationSelectors]:
          '[{"matchLabels":{"tier":"gold"}}]',
      }),
    );
    expect(b.statusYaml).toEqual({ url: 'https://x' });
    expect(b.workflowControl).toEqual({ suspend: true });
    expect(b.destinationSelectors).toEqual([{ matchLabels: { tier: 'gold' } }]);
    expect(() =>
      behave(
        workshopScenario.promise,
        request('bad', { [METADATA_ANNOTATIONS.status]: 'url: x' }),
      ),
    ).toThrow('annotation testenv.kratix.io/status on default/bad is not JSON');
  });
});
