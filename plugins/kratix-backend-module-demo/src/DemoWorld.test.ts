import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import { Readable } from 'node:stream';
import {
  type KratixObjectEvent,
  type LogRead,
  WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import { DemoWorld } from './DemoWorld';

const T0 = Date.parse('2026-11-17T12:00:00Z');

async function text(read: LogRead): Promise<string> {
  if (!read.available) throw new Error(read.message);
  const chunks: string[] = [];
  for await (const chunk of read.stream as Readable) chunks.push(String(chunk));
  return chunks.join('');
}

function world() {
  let now = T0;
  const w = new DemoWorld(workshopScenario, () => now);
  return { w, advance: (ms: number) => (now += ms), now: () => now };
}

describe('DemoWorld', () => {
  it('holds the workshop: elastic-cloud, example and second-request, each with a finished run', () => {
    const { w } = world();
    expect(w.promises().map(p => [p.metadata.name, p.status.status])).toEqual([
      ['elastic-cloud', 'Available'],
    ]);
    expect(
      w.requestObjects().map(r => [r.metadata.name, r.status.message]),
    ).toEqual([
      ['example', 'Resource requested'],
      ['second-request', 'Resource requested'],
    ]);
    expect(
      w.jobs().map(j => j.status.conditions?.map((c: any) => c.type)),
    ).toEqual([
      ['SuccessCriteriaMet', 'Complete'],
      ['SuccessCriteriaMet', 'Complete'],
    ]);
    const [pod] = w.pods();
    expect(
      [...pod.spec.initContainers, ...pod.spec.containers].map(
        (c: any) => c.name,
      ),
    ).toEqual(['reader', 'pipeline-stage-0', 'work-writer', 'status-writer']);
    expect(pod.status.phase).toBe('Succeeded');
    expect(w.works()).toHaveLength(2);
    expect(w.workPlacements().map(p => p.spec.targetDestinationName)).toEqual([
      'worker-1',
      'worker-1',
    ]);
    expect(w.destinations.map(d => d.metadata.name)).toEqual(['worker-1']);
  });

  it("fails the worker's resources Kustomization with kustomize's duplicate-CRD error", () => {
    const { w } = world();
    const [deps, resources] = w.worker('worker-1').kustomizations;
    expect(deps.status.conditions[0]).toMatchObject({
      status: 'True',
      reason: 'ReconciliationSucceeded',
    });
    expect(resources.status.conditions[0]).toMatchObject({
      status: 'False',
      reason: 'BuildFailed',
      message:
        "kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'",
    });
  });

  it("judges second-request by what the worker did: failing on worker-1 with kustomize's message; once it is deleted, example is applied", () => {
    const { w } = world();
    const judge = () =>
      new WorkerJudgment({
        destinations: [
          {
            name: 'worker-1',
            workers: [
              {
                cluster: 'demo-worker-1',
                reachable: true,
                kustomizations: w.worker('worker-1').kustomizations,
              },
            ],
          },
        ],
        workPlacements: w.workPlacements(),
      });
    const second = judge().of('elastic-cloud', 'default', 'second-request');
    expect(second).toEqual({
      state: 'failing',
      destinations: [
        {
          destination: 'worker-1',
          cluster: 'demo-worker-1',
          state: 'failing',
          kustomization: 'flux-system/kratix-worker-resources',
          message: expect.stringContaining(
            "merging resources from './default/elastic-cloud/second-request/",
          ),
        },
      ],
    });
    // example holds the same CRDs: not the one kustomize refused, but not confirmed either.
    expect(judge().of('elastic-cloud', 'default', 'example')?.state).toBe(
      'unknown',
    );
    w.deleteRequest('default', 'second-request');
    expect(judge().of('elastic-cloud', 'default', 'example')?.state).toBe(
      'applied',
    );
  });

  it('serves the workshop logs per container, with tail, since and byte limits', async () => {
    const { w } = world();
    const pod = w.pods()[0];
    const read = (container: string, options = {}) =>
      text(w.readLogs('default', pod.metadata.name, container, options));
    expect(await read('pipeline-stage-0', { tailLines: 3 })).toBe(
      'Removing enterprise annotation...\nCopying files to /kratix/output...\nDone\n',
    );
    expect(await read('pipeline-stage-0', { limitBytes: 30 })).toBe(
      'Downloading CRDS...\nDownloadin',
    );
    expect(await read('reader', { sinceSeconds: 1 })).toBe('');
    expect(await read('status-writer')).toContain(
      'Status updated: Resource requested',
    );
    expect(w.readLogs('default', 'no-such-pod', 'reader', {})).toMatchObject({
      available: false,
      reason: 'pod-gone',
    });
  });

  it('re-runs a request: a new Job whose stages progress with the clock', async () => {
    const { w, advance } = world();
    const events: string[] = [];
    w.subscribe((e: KratixObjectEvent) => events.push(`${e.type} ${e.kind}`));
    const [, second] = w.requestObjects();
    w.patch(
      {
        kind: 'request',
        promise: w.promises()[0],
        namespace: 'default',
        name: 'second-request',
      },
      {
        labels: { 'kratix.io/manual-reconciliation': 'true' },
        annotations: { who: 'me' },
      },
    );
    expect(events).toEqual(['added jobs', 'added pods', 'modified requests']);
    const runs = () =>
      w
        .jobs()
        .filter(
          j =>
            j.metadata.labels?.['kratix.io/resource-name'] === 'second-request',
        );
    expect(runs()).toHaveLength(2);
    const updated = w.requestObjects()[1];
    expect(
      updated.metadata.labels?.['kratix.io/manual-reconciliation'],
    ).toBeUndefined();
    expect(updated.metadata.annotations?.who).toBe('me');
    expect(updated.status.message).toBe('Pending');
    expect(second.status.message).toBe('Resource requested');

    const podName = w
      .pods()
      .find(p => p.metadata.name.startsWith(runs()[1].metadata.name))!.metadata
      .name;
    expect(
      w.readLogs('default', podName, 'pipeline-stage-0', {}),
    ).toMatchObject({
      available: false,
      reason: 'container-not-started',
    });
    advance(5_000);
    expect(
      await text(w.readLogs('default', podName, 'pipeline-stage-0', {})),
    ).toBe('Downloading CRDS...\n');
    advance(60_000);
    expect(runs()[1].status.succeeded).toBe(1);
    expect(w.requestObjects()[1].status.message).toBe('Resource requested');
    w.stop();
  });

  it('follows a running stage: lines arrive as the container writes them', async () => {
    jest.useFakeTimers({ now: T0 });
    try {
      const w = new DemoWorld(workshopScenario, () => Date.now());
      w.patch(
        {
          kind: 'request',
          promise: w.promises()[0],
          namespace: 'default',
          name: 'example',
        },
        { labels: { 'kratix.io/manual-reconciliation': 'true' } },
      );
      const pod = w
        .pods()
        .sort((a, b) =>
          b.metadata
            .creationTimestamp!.toString()
            .localeCompare(a.metadata.creationTimestamp!.toString()),
        )[0];
      jest.advanceTimersByTime(3_100);
      const read = w.readLogs(
        'default',
        pod.metadata.name,
        'pipeline-stage-0',
        { follow: true },
      );
      if (!read.available) throw new Error(read.message);
      const lines: string[] = [];
      read.stream.on('data', c => lines.push(String(c)));
      const ended = new Promise(resolve => read.stream.on('end', resolve));
      await jest.advanceTimersByTimeAsync(0);
      expect(lines).toEqual([]);
      await jest.advanceTimersByTimeAsync(1_500);
      expect(lines).toEqual(['Downloading CRDS...\n']);
      await jest.advanceTimersByTimeAsync(20_000);
      await ended;
      expect(lines.join('')).toContain(
        'Copying files to /kratix/output...\nDone\n',
      );
      w.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('pauses and resumes with the label, and reports Paused meanwhile', () => {
    const { w } = world();
    const target = {
      kind: 'request' as const,
      promise: w.promises()[0],
      namespace: 'default',
      name: 'example',
    };
    w.patch(target, { labels: { 'kratix.io/paused': 'true' } });
    const paused = w.requestObjects()[0];
    expect(
      paused.status.conditions.find((c: any) => c.type === 'Reconciled'),
    ).toMatchObject({
      status: 'Unknown',
      reason: 'PausedReconciliation',
      message: 'Paused',
    });
    // A re-run asked for while paused waits for the resume.
    w.patch(target, { labels: { 'kratix.io/manual-reconciliation': 'true' } });
    expect(w.jobs()).toHaveLength(2);
    w.patch(target, { labels: { 'kratix.io/paused': null } });
    expect(w.jobs()).toHaveLength(3);
    expect(w.requestObjects()[0].metadata.labels).toEqual({
      'kratix.io/promise-name': 'elastic-cloud',
    });

    w.patch(
      { kind: 'promise', name: 'elastic-cloud' },
      { labels: { 'kratix.io/paused': 'true' } },
    );
    expect(w.promises()[0].status).toMatchObject({ status: 'Unavailable' });
    w.stop();
  });

  it('deletes a request with its runs, Work and placements; the worker recovers', () => {
    const { w } = world();
    const events: string[] = [];
    w.subscribe(e =>
      events.push(`${e.type} ${e.kind} ${e.object.metadata.name}`),
    );
    w.deleteRequest('default', 'second-request');
    expect(w.requestObjects().map(r => r.metadata.name)).toEqual(['example']);
    expect(w.jobs()).toHaveLength(1);
    expect(w.works()).toHaveLength(1);
    expect(events[0]).toBe('deleted requests second-request');
    expect(events.map(e => e.split(' ')[1])).toEqual([
      'requests',
      'jobs',
      'pods',
      'works',
      'workplacements',
    ]);
    expect(
      w.worker('worker-1').kustomizations[1].status.conditions[0].status,
    ).toBe('True');
    expect(() => w.deleteRequest('default', 'second-request')).toThrow(
      'elastic-clouds "second-request" not found',
    );
  });
});
