import { parseAllDocuments } from 'yaml';
import {
  EXIT_CODE_ANNOTATION,
  FAIL_CONTAINER_ANNOTATION,
  PIPELINE_RAN_ANNOTATION,
  POD_STAGES_YAML,
  podStagesYaml,
  RUN_DURATION_ANNOTATION,
} from './podStages';

describe('POD_STAGES_YAML', () => {
  const stages = parseAllDocuments(POD_STAGES_YAML).map(doc => doc.toJS());

  it('holds the start, complete and fail stages for Pods', () => {
    expect(
      stages.map(s => [s.kind, s.metadata.name, s.spec.resourceRef]),
    ).toEqual([
      ['Stage', 'testenv-pod-start', { apiGroup: 'v1', kind: 'Pod' }],
      ['Stage', 'testenv-pod-complete', { apiGroup: 'v1', kind: 'Pod' }],
      ['Stage', 'testenv-pod-fail', { apiGroup: 'v1', kind: 'Pod' }],
    ]);
  });

  it('selects failing Pods by annotation and keeps the other stages away from them', () => {
    const failKey = `.metadata.annotations["${FAIL_CONTAINER_ANNOTATION}"]`;
    const operatorOn = (name: string) =>
      stages
        .find(s => s.metadata.name === name)
        .spec.selector.matchExpressions.find((e: any) => e.key === failKey)
        ?.operator;
    expect(operatorOn('testenv-pod-start')).toBe('DoesNotExist');
    expect(operatorOn('testenv-pod-complete')).toBe('DoesNotExist');
    expect(operatorOn('testenv-pod-fail')).toBe('Exists');
    const fail = stages.find(s => s.metadata.name === 'testenv-pod-fail');
    expect(fail.spec.next.statusTemplate).toContain(
      `"${EXIT_CODE_ANNOTATION}"`,
    );
    expect(fail.spec.next.statusTemplate).toContain('phase: Failed');
  });

  it('delays completion by the run-duration annotation', () => {
    const complete = stages.find(
      s => s.metadata.name === 'testenv-pod-complete',
    );
    expect(complete.spec.delay).toEqual({
      durationMilliseconds: 0,
      durationFrom: {
        expressionFrom: `.metadata.annotations["${RUN_DURATION_ANNOTATION}"]`,
      },
    });
  });
});

describe('podStagesYaml', () => {
  it('holds Pods Pending until the gate annotation is there, for start and fail only', () => {
    const gated = parseAllDocuments(
      podStagesYaml({ gate: PIPELINE_RAN_ANNOTATION }),
    ).map(doc => doc.toJS());
    const keys = (name: string) =>
      gated
        .find((s: any) => s.metadata.name === name)
        .spec.selector.matchExpressions.map(
          (e: any) => `${e.key} ${e.operator}`,
        );
    const gate = `.metadata.annotations["${PIPELINE_RAN_ANNOTATION}"] Exists`;
    expect(keys('testenv-pod-start')).toContain(gate);
    expect(keys('testenv-pod-fail')).toContain(gate);
    expect(keys('testenv-pod-complete')).not.toContain(gate);
    expect(podStagesYaml()).toBe(POD_STAGES_YAML);
  });
});
