import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  elasticCloudPromise,
  workForPipeline,
  workPlacementFor,
  workPlacementWrittenStatus,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import {
  byPromiseNamespaceName,
  groupPlacementsByRequest,
  requestKey,
  requestsWithPlacements,
} from './destinationRequests';

const CTX = { name: 'demo', demo: false };
const at = new Date('2026-11-17T10:00:00Z');
const [example, second] = workshopScenario.requests.map(r =>
  workshopScenario.requestObject(r),
);

function workOf(request: KubeObject | undefined, suffix: string) {
  return workForPipeline({
    promise: elasticCloudPromise,
    request,
    pipelineName: request ? 'resource-configure' : 'promise-configure',
    namespace: request ? request.metadata.namespace! : 'kratix-platform-system',
    files: { 'a.yaml': 'kind: A\n' },
    suffix,
    now: at,
  });
}

function placementOf(work: KubeObject, destination: string) {
  const wp = workPlacementFor(work, work.spec.workloadGroups[0], destination);
  wp.status = workPlacementWrittenStatus('0123456789abcdef', at);
  return wp;
}

const exampleWork = workOf(example, 'aaaaa');
const secondWork = workOf(second, 'bbbbb');
const promiseWork = workOf(undefined, 'ccccc');

describe('groupPlacementsByRequest', () => {
  it("groups the Destination's WorkPlacements by the request of their Work, and leaves other Destinations out", () => {
    const grouped = groupPlacementsByRequest(
      'worker-1',
      [exampleWork, secondWork],
      [
        placementOf(exampleWork, 'worker-1'),
        placementOf(exampleWork, 'worker-2'),
        placementOf(secondWork, 'worker-2'),
      ],
    );
    expect(grouped.promises).toEqual(new Set(['elastic-cloud']));
    expect([...grouped.byRequest.keys()]).toEqual([
      requestKey('elastic-cloud', 'default', 'example'),
    ]);
    expect(
      grouped.byRequest
        .get(requestKey('elastic-cloud', 'default', 'example'))!
        .map(wp => wp.spec.targetDestinationName),
    ).toEqual(['worker-1']);
  });

  it('collects the placements of every Work of a request (several pipelines, several groups)', () => {
    const other = workForPipeline({
      promise: elasticCloudPromise,
      request: example,
      pipelineName: 'resource-configure-2',
      namespace: 'default',
      files: { 'b.yaml': 'kind: B\n' },
      suffix: 'ddddd',
      now: at,
    });
    const grouped = groupPlacementsByRequest(
      'worker-1',
      [exampleWork, other],
      [placementOf(exampleWork, 'worker-1'), placementOf(other, 'worker-1')],
    );
    expect(
      grouped.byRequest
        .get(requestKey('elastic-cloud', 'default', 'example'))!
        .map(wp => wp.metadata.labels!['kratix.io/work']),
    ).toEqual([exampleWork.metadata.name, other.metadata.name]);
  });

  it('leaves out placements of Promise Works and placements whose Work is gone', () => {
    const grouped = groupPlacementsByRequest(
      'worker-1',
      [promiseWork],
      [
        placementOf(promiseWork, 'worker-1'),
        placementOf(secondWork, 'worker-1'),
      ],
    );
    expect(grouped.byRequest.size).toBe(0);
    expect(grouped.promises.size).toBe(0);
  });

  it('matches a Work in its own namespace only', () => {
    const elsewhere = placementOf(exampleWork, 'worker-1');
    elsewhere.metadata.namespace = 'team-a';
    expect(
      groupPlacementsByRequest('worker-1', [exampleWork], [elsewhere]).byRequest
        .size,
    ).toBe(0);
  });

  it('reads the Destination from the label when the spec has none', () => {
    const wp = placementOf(exampleWork, 'worker-1');
    delete wp.spec.targetDestinationName;
    expect(
      groupPlacementsByRequest('worker-1', [exampleWork], [wp]).byRequest.size,
    ).toBe(1);
  });
});

describe('requestsWithPlacements', () => {
  const grouped = groupPlacementsByRequest(
    'worker-1',
    [exampleWork, secondWork],
    [placementOf(secondWork, 'worker-1'), placementOf(exampleWork, 'worker-1')],
  );

  it('joins each placed request with its mapped WorkPlacements', () => {
    const found = requestsWithPlacements(CTX, grouped, elasticCloudPromise, [
      example,
      second,
    ]);
    expect(found.map(f => f.request.name)).toEqual([
      'example',
      'second-request',
    ]);
    expect(found[0].request).toMatchObject({
      platform: 'demo',
      promise: 'elastic-cloud',
      namespace: 'default',
      name: 'example',
    });
    expect(found[0].placements).toEqual([
      expect.objectContaining({
        name: `${exampleWork.metadata.name}.worker-1-5058f`,
        work: exampleWork.metadata.name,
        destination: 'worker-1',
        state: 'ready',
        misplaced: false,
      }),
    ]);
  });

  it('leaves out placements whose request is gone, and requests placed nowhere here', () => {
    const third = { ...example, metadata: { ...example.metadata, name: 'x' } };
    const found = requestsWithPlacements(CTX, grouped, elasticCloudPromise, [
      second,
      third,
    ]);
    expect(found.map(f => f.request.name)).toEqual(['second-request']);
  });

  it('keys requests by their pipeline namespace when the Promise sets one', () => {
    const crossNamespace = structuredClone(elasticCloudPromise);
    crossNamespace.spec.workflows = {
      ...crossNamespace.spec.workflows,
      config: { pipelineNamespace: 'pipelines' },
    };
    const work = workForPipeline({
      promise: crossNamespace,
      request: example,
      pipelineName: 'resource-configure',
      namespace: 'pipelines',
      files: { 'a.yaml': 'kind: A\n' },
      suffix: 'eeeee',
      now: at,
    });
    const found = requestsWithPlacements(
      CTX,
      groupPlacementsByRequest(
        'worker-1',
        [work],
        [placementOf(work, 'worker-1')],
      ),
      crossNamespace,
      [example],
    );
    expect(found.map(f => [f.request.namespace, f.placements.length])).toEqual([
      ['default', 1],
    ]);
  });
});

describe('byPromiseNamespaceName', () => {
  it('sorts by Promise, then namespace, then name', () => {
    const item = (promise: string, namespace: string, name: string) =>
      ({ request: { promise, namespace, name }, placements: [] } as any);
    const items = [
      item('redis', 'a', 'a'),
      item('elastic-cloud', 'team-b', 'a'),
      item('elastic-cloud', 'team-a', 'z'),
      item('elastic-cloud', 'team-a', 'b'),
    ].sort(byPromiseNamespaceName);
    expect(
      items.map(
        i => `${i.request.promise}/${i.request.namespace}/${i.request.name}`,
      ),
    ).toEqual([
      'elastic-cloud/team-a/b',
      'elastic-cloud/team-a/z',
      'elastic-cloud/team-b/a',
      'redis/a/a',
    ]);
  });
});
