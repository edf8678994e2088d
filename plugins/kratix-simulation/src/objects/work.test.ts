import { decodeWorkload } from '@kratix-backstage/plugin-kratix-node';
import { workshopScenario } from '../workshop';
import {
  ROOT_WORKLOAD_GROUP_ID,
  stateStoreFilePath,
  workForPipeline,
  workPlacementFor,
} from './work';

describe('Works and WorkPlacements', () => {
  const promise = workshopScenario.promise;
  const req = workshopScenario.requests[1];
  const request = workshopScenario.requestObject(req);
  const files = workshopScenario.outputs(req);
  const work = workForPipeline({
    promise,
    request,
    pipelineName: 'resource-configure',
    namespace: 'default',
    files,
    suffix: 'x1y2z',
  });

  it('uses md5(".") as the root workload group id', () => {
    expect(ROOT_WORKLOAD_GROUP_ID).toBe('5058f1af8388633f609cadb75a75dc9d');
  });

  it('stores each output file gzip+base64 and selects Destinations from the Promise', () => {
    expect(work.metadata.name).toBe(
      'elastic-cloud-second-request-resource-configure-x1y2z',
    );
    const [group] = work.spec.workloadGroups;
    expect(group.destinationSelectors).toEqual([
      { matchLabels: { environment: 'dev' }, source: 'promise' },
    ]);
    expect(group.workloads.map((w: any) => w.filepath)).toEqual(
      Object.keys(files).sort(),
    );
    for (const w of group.workloads)
      expect(decodeWorkload(w.content)).toBe(files[w.filepath]);
  });

  it('names the WorkPlacement <work>.<destination>-<group id prefix>', () => {
    const wp = workPlacementFor(work, work.spec.workloadGroups[0], 'worker-1');
    expect(wp.metadata.name).toBe(
      'elastic-cloud-second-request-resource-configure-x1y2z.worker-1-5058f',
    );
    expect(wp.metadata.labels).toEqual({
      'kratix.io/work': work.metadata.name,
      'kratix.io/workload-group-id': ROOT_WORKLOAD_GROUP_ID,
      'kratix.io/targetDestinationName': 'worker-1',
      'kratix.io/pipeline-name': 'resource-configure',
    });
  });

  it('lays resource files out under resources/<ns>/<promise>/<request>/<pipeline>/<group>', () => {
    expect(
      stateStoreFilePath({
        destinationPath: 'worker-1',
        work,
        groupId: ROOT_WORKLOAD_GROUP_ID,
        filepath: 'elastic-crds.yaml',
      }),
    ).toBe(
      'worker-1/resources/default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml',
    );
  });
});
