import { mockCredentials } from '@backstage/backend-test-utils';
import { callerOf } from '../access/types';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKratixSource,
  fakePlatform,
  fakeRequest,
} from '../__testUtils__/fakeKratixSource';
import { RequestCreationService } from './RequestCreationService';
import { RequestPreviewService } from './RequestPreviewService';

const ADA = callerOf(mockCredentials.user('user:default/ada'));

const input = {
  platform: 'prod',
  promise: 'elastic-cloud',
  name: 'new-es',
  namespace: 'default',
  spec: { enableDataCollection: true },
};
const fast = {
  answerMs: 150,
  completionMs: 400,
  pollMs: 10,
  worksMs: 100,
  rememberUnansweredMs: 60_000,
};

function setUp(
  options: {
    dryRun?: 'auto' | 'kratix' | 'server';
    now?: () => number;
  } = {},
) {
  const source = new FakeKratixSource();
  const platforms = kratixPlatformsOf([
    fakePlatform(source, options.dryRun ? { dryRun: options.dryRun } : {}),
  ]);
  const service = new RequestPreviewService(
    platforms,
    new RequestCreationService(platforms),
    { timings: fast, now: options.now },
  );
  return { source, service };
}

describe('RequestPreviewService', () => {
  it("previews with Kratix's DryRun: the files its pipelines would write, its summary; the DryRun is deleted", async () => {
    const { source, service } = setUp();
    const preview = await service.preview(input, ADA);
    expect(preview).toMatchObject({
      platform: 'prod',
      method: 'kratix-dry-run',
      object: {
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
        metadata: {
          name: 'new-es',
          namespace: 'default',
          annotations: { 'backstage.io/kratix-requester': 'user:default/ada' },
        },
        spec: { enableDataCollection: true },
      },
      files: [
        {
          path: 'elasticsearch.yaml',
          pipeline: 'resource-configure',
          directory: '.',
          content: 'kind: Elasticsearch\nspec: {"enableDataCollection":true}\n',
        },
      ],
      summary:
        '# Kratix Dry Run Summary\n\n**1 added · 0 modified · 0 removed**\n',
      dryRun: {
        namespace: 'default',
        state: 'completed',
        message: 'Dry run completed; summary written to output repository',
      },
    });
    expect(preview.object.metadata).not.toHaveProperty('managedFields');
    expect(preview.note).toContain('1 file from 1 pipeline');
    const [created] = source.createdDryRuns;
    expect(created).toMatchObject({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'DryRun',
      metadata: { namespace: 'default' },
      spec: {
        promiseRef: { name: 'elastic-cloud' },
        resourceRequestRef: { name: 'new-es', namespace: 'default' },
        resource: { enableDataCollection: true },
      },
    });
    expect(created.metadata.name).toMatch(/^new-es-preview-[0-9a-f]{6}$/);
    expect(preview.dryRun?.name).toBe(created.metadata.name);
    expect(source.deletedDryRuns).toEqual([`default/${created.metadata.name}`]);
    expect(source.dryRuns.size).toBe(0);
    // Nothing was created: only dry runs.
    expect(source.requests).toEqual([]);
    expect(source.serverDryRuns).toHaveLength(1);
  });

  it("reports a DryRun whose pipeline failed with Kratix's message", async () => {
    const { source, service } = setUp();
    source.dryRunBehaviour = 'fail';
    const preview = await service.preview(input, ADA);
    expect(preview).toMatchObject({
      method: 'kratix-dry-run',
      files: [],
      dryRun: {
        state: 'failed',
        message: 'A Configure Pipeline has failed: resource-configure',
      },
    });
    expect(preview.note).toContain(
      'they failed: A Configure Pipeline has failed: resource-configure',
    );
    expect(source.dryRuns.size).toBe(0);
  });

  it('falls back to the server-side dry run when no controller answers, says why, and remembers it for a while', async () => {
    let now = Date.parse('2026-11-17T12:00:00Z');
    const { source, service } = setUp({ now: () => now });
    source.dryRunBehaviour = 'silent';
    const clock = setInterval(() => {
      now += 50;
    }, 5);
    let preview;
    try {
      preview = await service.preview(input, ADA);
    } finally {
      clearInterval(clock);
    }
    expect(preview.method).toBe('server-dry-run');
    expect(preview.files).toEqual([]);
    expect(preview.note).toContain('featureFlags.dryRun');
    expect(preview.note).toContain('was not answered within');
    expect(source.createdDryRuns).toHaveLength(1);
    expect(source.dryRuns.size).toBe(0);

    const again = await service.preview(input, ADA);
    expect(again.method).toBe('server-dry-run');
    expect(again.note).toContain('did not answer at');
    expect(source.createdDryRuns).toHaveLength(1);

    // After the memory ends, the DryRun is tried again.
    now += 61_000;
    source.dryRunBehaviour = 'complete';
    expect((await service.preview(input, ADA)).method).toBe('kratix-dry-run');
  });

  it('says the DryRun timed out when a controller answered but did not finish', async () => {
    const { source, service } = setUp();
    source.dryRunBehaviour = 'slow';
    const preview = await service.preview(input, ADA);
    expect(preview).toMatchObject({
      method: 'kratix-dry-run',
      dryRun: { state: 'timed-out' },
      files: [],
    });
    expect(preview.note).toContain('did not finish within');
    // Kratix completes a DryRun only on a dry-run Destination: the note says so.
    expect(preview.note).toContain(
      'has no Destination labelled kratix.io/dry-run: "true"',
    );
    expect(source.dryRuns.size).toBe(0);

    source.destinations = [
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: { name: 'dry-run', labels: { 'kratix.io/dry-run': 'true' } },
      },
    ];
    const again = await service.preview(input, ADA);
    expect(again.note).toContain('still running, or stuck');
  });

  it('uses the server-side dry run where the platform has no DryRun kind, or is set to it', async () => {
    const auto = setUp();
    auto.source.served = { ...auto.source.served, dryRuns: false };
    const preview = await auto.service.preview(input, ADA);
    expect(preview.method).toBe('server-dry-run');
    expect(preview.note).toContain('does not serve');
    expect(auto.source.createdDryRuns).toEqual([]);

    const server = setUp({ dryRun: 'server' });
    const forced = await server.service.preview(input, ADA);
    expect(forced.method).toBe('server-dry-run');
    expect(forced.note).toContain('dryRun: server');
    expect(server.source.createdDryRuns).toEqual([]);
    expect(forced.object.spec).toEqual({ enableDataCollection: true });
  });

  it('refuses dryRun: kratix on a platform without the DryRun kind', async () => {
    const { source, service } = setUp({ dryRun: 'kratix' });
    source.served = { ...source.served, dryRuns: false };
    await expect(service.preview(input, ADA)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('dryRun: kratix'),
    });
  });

  it('falls back when the DryRun cannot be created (auto), fails with the cluster error (kratix)', async () => {
    const forbidden = Object.assign(
      new Error('dryruns.platform.kratix.io is forbidden'),
      { statusCode: 403 },
    );
    const auto = setUp();
    auto.source.failNext = { method: 'createDryRun', error: forbidden };
    const preview = await auto.service.preview(input, ADA);
    expect(preview.method).toBe('server-dry-run');
    expect(preview.note).toContain('could not be created');
    expect(preview.note).toContain('forbidden');

    const strict = setUp({ dryRun: 'kratix' });
    strict.source.failNext = { method: 'createDryRun', error: forbidden };
    await expect(strict.service.preview(input, ADA)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('refuses invalid input before anything is created', async () => {
    const { source, service } = setUp();
    await expect(
      service.preview({ ...input, spec: { enableDataCollection: 'yes' } }, ADA),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        "The spec does not fit Promise 'elastic-cloud'",
      ),
    });
    await expect(
      service.preview({ ...input, name: 'refused-by-admission' }, ADA),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('The API server refused'),
    });
    expect(source.createdDryRuns).toEqual([]);
    expect(source.requests).toEqual([]);
  });

  it('previews a change of an existing request (the DryRun diffs against it)', async () => {
    const { source, service } = setUp();
    source.requests.push(fakeRequest('new-es'));
    const preview = await service.preview(
      { ...input, spec: { enableDataCollection: false } },
      ADA,
    );
    expect(preview.method).toBe('kratix-dry-run');
    expect(source.createdDryRuns[0].spec.resourceRequestRef).toEqual({
      name: 'new-es',
      namespace: 'default',
    });
    expect(source.requests.map(r => r.metadata.name)).toEqual(['new-es']);
  });
});
