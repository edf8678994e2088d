import { gunzipSync } from 'node:zlib';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import { DemoKratixSource } from './DemoKratixSource';
import { DemoWorld } from './DemoWorld';
import { dryRunRequestName } from './demoDryRun';

// The demo's examples (kratix.demo.examples, on by default in the module): one request
// per state a new user should see, built from the objects Kratix writes.

const T0 = Date.parse('2026-12-04T12:00:00Z');
const MINUTE = 60_000;

const condition = (o: KubeObject | undefined, type: string) =>
  o?.status?.conditions?.find((c: any) => c.type === type);

const decode = (content: string) =>
  gunzipSync(Buffer.from(content, 'base64')).toString('utf8');

describe('DemoWorld with examples', () => {
  let w: DemoWorld;
  let source: DemoKratixSource;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    w = new DemoWorld(workshopScenario, () => Date.now(), { examples: true });
    source = new DemoKratixSource(w, 'demo-platform');
  });

  afterEach(() => {
    w.stop();
    jest.useRealTimers();
  });

  const get = (name: string): any =>
    w.requestObjects().find(r => r.metadata.name === name);
  const worksOf = (name: string) =>
    w
      .works()
      .filter(x => x.metadata.labels?.['kratix.io/resource-name'] === name);
  const placementsOf = (name: string) => {
    const works = worksOf(name).map(x => x.metadata.name);
    return w
      .workPlacements()
      .filter(p =>
        works.includes(String(p.metadata.labels?.['kratix.io/work'])),
      ) as any[];
  };

  it('keeps the workshop first, then one request per example', () => {
    expect(w.requestObjects().map(r => r.metadata.name)).toEqual([
      'example',
      'second-request',
      'retrying-search',
      'degraded-search',
      'unhealthy-search',
      'paused-search',
      'failing-search',
      'deleting-search',
      'unscheduled-search',
      'misplaced-search',
    ]);
    expect(get('example').status.message).toBe('Resource requested');
  });

  it('serves every optional kind', async () => {
    expect(await source.optionalKinds()).toEqual({
      healthRecords: true,
      promiseRevisions: true,
      resourceBindings: true,
      dryRuns: true,
    });
  });

  it('shows a configure pipeline waiting to retry: Suspended, message, attempts 2, nextRetryAt ahead, labelled', () => {
    const r = get('retrying-search');
    expect(r.metadata.labels['kratix.io/workflow-suspended']).toBe('true');
    const [entry] = r.status.kratix.workflows.configure.pipelines;
    expect(entry).toMatchObject({
      name: 'resource-configure',
      phase: 'Suspended',
      message:
        'Waiting for the elastic-system storage quota to be approved (ticket OPS-4711)',
      attempts: 2,
      hash: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(Date.parse(entry.nextRetryAt)).toBeGreaterThan(T0 + 20 * MINUTE);
    expect(entry.nextRetryAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.status.kratix.workflows.suspendedGeneration).toBe(1);
    expect(r.status.kratix.workflows.pipelines).toBeUndefined();
    expect(condition(r, 'Reconciled')).toMatchObject({
      status: 'Unknown',
      reason: 'WorkflowSuspended',
      message: 'Suspended',
    });
    expect(condition(r, 'ConfigureWorkflowCompleted')?.status).toBe('False');
    // Two runs, both finished; a suspended workflow writes no Work.
    const jobs = w
      .jobs()
      .filter(
        j =>
          j.metadata.labels?.['kratix.io/resource-name'] === 'retrying-search',
      );
    expect(jobs).toHaveLength(2);
    expect(worksOf('retrying-search')).toEqual([]);
  });

  it('runs the suspended pipeline when the label is removed (resume), and it succeeds', async () => {
    await source.patchMetadata(
      {
        kind: 'request',
        promise: w.promises()[0],
        namespace: 'default',
        name: 'retrying-search',
      },
      { labels: { 'kratix.io/workflow-suspended': null } },
    );
    expect(get('retrying-search').metadata.labels).not.toHaveProperty(
      'kratix.io/workflow-suspended',
    );
    expect(
      get('retrying-search').status.kratix.workflows.configure.pipelines[0]
        .phase,
    ).toBe('Running');
    await jest.advanceTimersByTimeAsync(30_000);
    const r = get('retrying-search');
    const [entry] = r.status.kratix.workflows.configure.pipelines;
    expect(entry.phase).toBe('Succeeded');
    expect(entry).not.toHaveProperty('attempts');
    expect(entry).not.toHaveProperty('nextRetryAt');
    expect(r.status.kratix.workflows.suspendedGeneration).toBeUndefined();
    expect(condition(r, 'ConfigureWorkflowCompleted')?.reason).toBe(
      'PipelinesExecutedSuccessfully',
    );
    expect(r.status.message).toBe('Resource requested');
    expect(worksOf('retrying-search')).toHaveLength(1);
  });

  it('retries by itself at nextRetryAt, as Kratix does', async () => {
    const next = Date.parse(
      get('retrying-search').status.kratix.workflows.configure.pipelines[0]
        .nextRetryAt,
    );
    await jest.advanceTimersByTimeAsync(next - T0 + 30_000);
    const r = get('retrying-search');
    expect(r.metadata.labels).not.toHaveProperty(
      'kratix.io/workflow-suspended',
    );
    expect(r.status.kratix.workflows.configure.pipelines[0].phase).toBe(
      'Succeeded',
    );
  });

  it('has a degraded and an unhealthy request: HealthRecords and the roll-up in status.healthStatus', async () => {
    const records: any[] = await source.listHealthRecords();
    expect(
      records.map(h => [
        h.metadata.name,
        h.data.resourceRef.name,
        h.data.state,
      ]),
    ).toEqual([
      ['degraded-search-cluster-health', 'degraded-search', 'degraded'],
      ['unhealthy-search-cluster-health', 'unhealthy-search', 'unhealthy'],
      ['unhealthy-search-kibana', 'unhealthy-search', 'healthy'],
    ]);
    const [degraded] = records;
    expect(degraded).toMatchObject({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'HealthRecord',
      metadata: { namespace: 'default' },
      data: {
        promiseRef: { name: 'elastic-cloud' },
        resourceRef: { namespace: 'default', generation: 1 },
        lastRun: Math.floor((T0 - 2 * MINUTE) / 1000),
        details: { cluster: 'yellow' },
      },
    });
    expect(get('degraded-search').status.healthStatus).toEqual({
      state: 'degraded',
      healthRecords: [
        {
          state: 'degraded',
          lastRun: degraded.data.lastRun,
          source: {
            name: 'degraded-search-cluster-health',
            namespace: 'default',
          },
          details: degraded.data.details,
        },
      ],
    });
    const unhealthy = get('unhealthy-search').status.healthStatus;
    expect(unhealthy.state).toBe('unhealthy');
    expect(unhealthy.healthRecords.map((h: any) => h.state)).toEqual([
      'unhealthy',
      'healthy',
    ]);
    expect(get('example').status.healthStatus).toBeUndefined();
  });

  it('has a paused request, pinned to the old version', async () => {
    const r = get('paused-search');
    expect(r.metadata.labels['kratix.io/paused']).toBe('true');
    expect(condition(r, 'Reconciled')).toMatchObject({
      status: 'Unknown',
      reason: 'PausedReconciliation',
      message: 'Paused',
    });
    const [binding] = await source.listResourceBindings({
      'kratix.io/resource-name': 'paused-search',
    });
    expect(binding.spec.version).toBe('v0.1.0');
    expect(binding.status.lastAppliedVersion).toBe('v0.1.0');
    expect(r.status.promiseVersion).toBe('v0.1.0');
    expect(r.status.resourceBindingVersion).toBe('v0.1.0');
  });

  it('has two PromiseRevisions of elastic-cloud, the newer one latest', async () => {
    const revisions: any[] = await source.listPromiseRevisions('elastic-cloud');
    expect(
      revisions.map(r => [
        r.spec.version,
        r.status.latest,
        r.metadata.labels['kratix.io/latest-revision'],
        r.metadata.name,
      ]),
    ).toEqual([
      [
        'v0.1.0',
        false,
        undefined,
        expect.stringMatching(/^elastic-cloud-[0-9a-f]{5}$/),
      ],
      [
        'v0.2.0',
        true,
        'true',
        expect.stringMatching(/^elastic-cloud-[0-9a-f]{5}$/),
      ],
    ]);
    expect(revisions[0].spec.promiseSpec.workflows.resource.delete).toBe(
      undefined,
    );
    expect(
      revisions[1].spec.promiseSpec.workflows.resource.delete[0].metadata.name,
    ).toBe('resource-delete');
    expect(await source.listPromiseRevisions('other')).toEqual([]);
    const [promise]: any[] = w.promises();
    expect(promise.metadata.labels['kratix.io/promise-version']).toBe('v0.2.0');
  });

  it('has a request whose upgrade failed: ConfigureWorkflowFailed, failedVersion, still at the old version', async () => {
    const r = get('failing-search');
    expect(condition(r, 'ConfigureWorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'ConfigureWorkflowFailed',
      message: 'A Configure Pipeline has failed: resource-configure',
    });
    expect(r.status.kratix.workflows.configure.pipelines[0].phase).toBe(
      'Failed',
    );
    const [binding] = await source.listResourceBindings({
      'kratix.io/promise-name': 'elastic-cloud',
      'kratix.io/resource-name': 'failing-search',
    });
    expect(binding).toMatchObject({
      kind: 'ResourceBinding',
      metadata: { namespace: 'default' },
      spec: {
        version: 'latest',
        promiseRef: { name: 'elastic-cloud' },
        resourceRef: { name: 'failing-search', namespace: 'default' },
      },
      status: { lastAppliedVersion: 'v0.1.0', failedVersion: 'v0.2.0' },
    });
    expect(condition(binding, 'UpgradeSucceeded')).toMatchObject({
      status: 'False',
      reason: 'UpgradeFailed',
      message: 'A Configure Pipeline has failed: resource-configure',
    });
    // The other requests are at the latest version.
    const [example] = await source.listResourceBindings({
      'kratix.io/resource-name': 'example',
    });
    expect(example.status.lastAppliedVersion).toBe('v0.2.0');
    expect(condition(example, 'UpgradeSucceeded')?.reason).toBe(
      'UpgradeComplete',
    );
  });

  it('has a request whose delete pipeline failed: DeleteWorkflowCompleted False DeleteWorkflowFailed', () => {
    const r = get('deleting-search');
    expect(r.metadata.deletionTimestamp).toBe(
      new Date(T0 - 6 * MINUTE).toISOString(),
    );
    expect(condition(r, 'DeleteWorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'DeleteWorkflowFailed',
      message: 'The Delete Pipeline has failed',
    });
    expect(r.status.kratix.workflows.configure.pipelines[0].phase).toBe(
      'Succeeded',
    );
    expect(r.status.kratix.workflows.delete.pipelines).toEqual([
      expect.objectContaining({
        name: 'resource-delete',
        phase: 'Failed',
        hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    const job = w
      .jobs()
      .find(
        j =>
          j.metadata.labels?.['kratix.io/resource-name'] ===
            'deleting-search' &&
          j.metadata.labels?.['kratix.io/workflow-action'] === 'delete',
      );
    expect(condition(job, 'Failed')?.status).toBe('True');
  });

  it('has a Work no Destination matches: ScheduleSucceeded False UnscheduledWorkloads', () => {
    const [work] = worksOf('unscheduled-search');
    expect(work.spec.workloadGroups[0].destinationSelectors).toEqual([
      {
        matchLabels: { environment: 'production' },
        source: 'resource-workflow',
      },
      { matchLabels: { environment: 'dev' }, source: 'promise' },
    ]);
    expect(condition(work, 'ScheduleSucceeded')).toMatchObject({
      status: 'False',
      reason: 'UnscheduledWorkloads',
      message: `No matching destination found for workloadGroups: [${work.spec.workloadGroups[0].id}]`,
    });
    expect(condition(work, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'UnscheduledWorkloads',
      message: 'Pending',
    });
    expect(placementsOf('unscheduled-search')).toEqual([]);
    expect(
      condition(get('unscheduled-search'), 'WorksSucceeded'),
    ).toMatchObject({ status: 'Unknown', reason: 'WorksPending' });
  });

  it('has a WorkPlacement whose Destination no longer matches: DestinationSelectorMismatch, labelled misplaced', () => {
    const [work] = worksOf('misplaced-search');
    const [placement] = placementsOf('misplaced-search');
    expect(placement.spec.targetDestinationName).toBe('worker-1');
    expect(placement.metadata.labels['kratix.io/misplaced']).toBe('true');
    expect(condition(placement, 'ScheduleSucceeded')).toMatchObject({
      status: 'False',
      reason: 'DestinationSelectorMismatch',
      message: 'Target destination no longer matches destinationSelectors',
    });
    expect(condition(placement, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Misplaced',
    });
    expect(condition(work, 'ScheduleSucceeded')).toMatchObject({
      status: 'False',
      reason: 'DestinationSelectorMismatch',
    });
    expect(condition(get('misplaced-search'), 'WorksSucceeded')).toMatchObject({
      status: 'False',
      reason: 'WorksMisplaced',
    });
  });

  it('writes both workflow-status layouts: flat for the workshop, keyed for some examples', () => {
    expect(get('example').status.kratix.workflows.pipelines).toEqual([
      expect.objectContaining({
        name: 'resource-configure',
        phase: 'Succeeded',
      }),
    ]);
    expect(
      get('degraded-search').status.kratix.workflows.pipelines,
    ).toHaveLength(1);
    expect(
      get('unhealthy-search').status.kratix.workflows.configure.pipelines,
    ).toEqual([
      expect.objectContaining({
        name: 'resource-configure',
        phase: 'Succeeded',
        hash: expect.any(String),
      }),
    ]);
  });

  it('runs the delete pipeline (a few seconds) before a request goes', async () => {
    w.deleteRequest('default', 'degraded-search');
    expect(get('degraded-search').metadata.deletionTimestamp).toBeDefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(get('degraded-search')).toBeUndefined();
    expect(
      (await source.listHealthRecords()).map(
        (h: any) => h.data.resourceRef.name,
      ),
    ).not.toContain('degraded-search');
  });
});

describe('DryRuns on the demo platform', () => {
  let w: DemoWorld;
  let source: DemoKratixSource;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    w = new DemoWorld(workshopScenario, () => Date.now(), { examples: true });
    source = new DemoKratixSource(w, 'demo-platform');
  });

  afterEach(() => {
    w.stop();
    jest.useRealTimers();
  });

  const dryRun = (name: string, request: string, resource: object) => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'DryRun',
    metadata: { name, namespace: 'default' },
    spec: {
      promiseRef: { name: 'elastic-cloud' },
      resourceRequestRef: { name: request, namespace: 'default' },
      resource,
    },
  });

  it('completes after a moment with the files the pipeline would write, and a summary', async () => {
    const stored = await source.createDryRun(
      dryRun('preview-1', 'fourth-request', { enableDataCollection: true }),
    );
    expect(stored.metadata.uid).toBeDefined();
    expect(stored.status).toBeUndefined();
    expect(
      (await source.getDryRun('default', 'preview-1'))?.status,
    ).toBeUndefined();
    await jest.advanceTimersByTimeAsync(2000);
    const done = await source.getDryRun('default', 'preview-1');
    expect(condition(done, 'Completed')).toMatchObject({
      status: 'True',
      reason: 'SummaryWritten',
      message: 'Dry run completed; summary written to output repository',
    });
    const ephemeral = dryRunRequestName('preview-1');
    expect(ephemeral).toMatch(/^kratix-dry-run-preview-1-[0-9a-f]{5}$/);
    const works = await source.listWorks({
      'kratix.io/promise-name': 'elastic-cloud',
      'kratix.io/resource-name': ephemeral,
      'kratix.io/dry-run': 'true',
    });
    expect(works).toHaveLength(2);
    const [pipelineWork] = works.filter(
      x => !x.metadata.labels?.['kratix.io/dry-run-summary'],
    );
    expect(pipelineWork.metadata.labels).toMatchObject({
      'kratix.io/work-type': 'resource',
      'kratix.io/pipeline-name': 'resource-configure',
    });
    const files = Object.fromEntries(
      pipelineWork.spec.workloadGroups[0].workloads.map((x: any) => [
        x.filepath,
        decode(x.content),
      ]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'beats.yaml',
      'elastic-crds.yaml',
      'elastic-operator.yaml',
      'elasticsearch.yaml',
      'kibana.yaml',
    ]);
    expect(files['elasticsearch.yaml']).toContain('name: fourth-request');
    const [summaryWork] = await source.listWorks({
      'kratix.io/dry-run-summary': 'true',
      'kratix.io/dry-run-owner': 'preview-1',
    });
    expect(summaryWork.metadata.labels).toMatchObject({
      'kratix.io/dry-run': 'true',
      'kratix.io/resource-name': ephemeral,
      'kratix.io/work-type': 'resource',
    });
    const summary = decode(
      summaryWork.spec.workloadGroups[0].workloads[0].content,
    );
    expect(summaryWork.spec.workloadGroups[0].workloads[0].filepath).toBe(
      'kratix-dry-run-summary.md',
    );
    expect(summary).toMatch(
      /^# Kratix Dry Run Summary\n\n## Pipeline: `resource-configure`\n\n\*\*5 added · 0 modified · 0 removed\*\*\n/,
    );
    expect(summary).toContain(
      '## ➕ Added: `elasticsearch.yaml`\n\n```yaml\napiVersion: elasticsearch.k8s.elastic.co/v1\n',
    );
    // The requests themselves are not touched.
    expect(w.requestObjects().map(r => r.metadata.name)).not.toContain(
      'fourth-request',
    );
    await source.deleteDryRun('default', 'preview-1');
    expect(await source.getDryRun('default', 'preview-1')).toBeUndefined();
    expect(await source.listWorks({ 'kratix.io/dry-run': 'true' })).toEqual([]);
  });

  it('compares with the live request of that name: removed and modified files', async () => {
    await source.createDryRun(
      dryRun('preview-2', 'example', { enableDataCollection: false }),
    );
    await jest.advanceTimersByTimeAsync(2000);
    const [summaryWork] = await source.listWorks({
      'kratix.io/dry-run-owner': 'preview-2',
    });
    const summary = decode(
      summaryWork.spec.workloadGroups[0].workloads[0].content,
    );
    expect(summary).toContain('**0 added · 0 modified · 1 removed**');
    expect(summary).toContain('## 🗑️ Removed: `beats.yaml`');
  });

  it('fails like Kratix when the pipeline refuses the input', async () => {
    await source.createDryRun(
      dryRun('preview-3', 'fifth-request', { enableDataCollection: 'yes' }),
    );
    await jest.advanceTimersByTimeAsync(2000);
    expect(
      condition(await source.getDryRun('default', 'preview-3'), 'Completed'),
    ).toMatchObject({
      status: 'False',
      reason: 'PipelineFailed',
      message: 'A Configure Pipeline has failed: resource-configure',
    });
    expect(
      await source.listWorks({ 'kratix.io/dry-run-owner': 'preview-3' }),
    ).toEqual([]);
  });

  it('refuses a second DryRun of the same name, and one in a namespace the demo lacks', async () => {
    await source.createDryRun(dryRun('preview-4', 'x', {}));
    await expect(
      source.createDryRun(dryRun('preview-4', 'x', {})),
    ).rejects.toThrow(/already exists/);
    await expect(
      source.createDryRun({
        ...dryRun('preview-5', 'x', {}),
        metadata: { name: 'preview-5', namespace: 'elsewhere' },
      }),
    ).rejects.toThrow(/namespaces "elsewhere" not found/);
  });
});
