import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type KratixPlatform,
  kratixPlatformsOf,
  KubeHttpError,
  toKratixClusterError,
} from '@kratix-backstage/plugin-kratix-node';
import { callerOf } from '../access/types';
import {
  FakeKratixSource,
  fakePlatform,
  fakeRequest,
} from '../__testUtils__/fakeKratixSource';
import { OperationService } from '../services/OperationService';
import { RequestCreationService } from '../services/RequestCreationService';
import { RequestPreviewService } from '../services/RequestPreviewService';
import { CatalogWriteIdentity } from './KratixWriteIdentity';

const ALICE = callerOf(mockCredentials.user('user:default/alice'));
const SCAFFOLDER = callerOf(mockCredentials.service('plugin:scaffolder'));
const AS_ALICE = { impersonate: { user: 'alice', groups: ['team-a'] } };

const users: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['team-a'] },
  },
];

const FORBIDDEN =
  'elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-b"';

function setUp(extra: Partial<KratixPlatform> = { writeAs: 'user' }) {
  const source = new FakeKratixSource();
  source.requests.push(fakeRequest('example'));
  const platforms = kratixPlatformsOf([fakePlatform(source, extra)]);
  const identity = new CatalogWriteIdentity({
    catalog: catalogServiceMock({ entities: users }),
    auth: mockServices.auth(),
  });
  const creation = new RequestCreationService(platforms, undefined, identity);
  return {
    source,
    operations: new OperationService(platforms, undefined, identity),
    creation,
    preview: new RequestPreviewService(platforms, creation, {
      identity,
      timings: { answerMs: 200, completionMs: 500, pollMs: 10, worksMs: 100 },
    }),
  };
}

const REQUEST = {
  kind: 'request' as const,
  platform: 'prod',
  namespace: 'default',
  promise: 'elastic-cloud',
  name: 'example',
};

const NEW = {
  platform: 'prod',
  promise: 'elastic-cloud',
  name: 'es',
  namespace: 'team-b',
  spec: {},
};

describe('writes as the user', () => {
  it('re-run, pause, resume and resume-workflow patch as the user', async () => {
    const { source, operations } = setUp();
    source.requests[0].metadata.labels!['kratix.io/workflow-suspended'] =
      'true';
    const patch = jest.spyOn(source, 'patchMetadata');
    for (const op of ['rerun', 'pause', 'resume', 'resume-workflow'] as const)
      await operations.run(op, REQUEST, ALICE);
    expect(patch).toHaveBeenCalledTimes(4);
    for (const call of patch.mock.calls)
      expect((call as unknown[])[2]).toEqual(AS_ALICE);
  });

  it('delete records who and deletes as the user', async () => {
    const { source, operations } = setUp();
    const patch = jest.spyOn(source, 'patchMetadata');
    const remove = jest.spyOn(source, 'deleteRequest');
    await operations.deleteRequest(REQUEST, ALICE);
    expect((patch.mock.calls[0] as unknown[])[2]).toEqual(AS_ALICE);
    expect(remove).toHaveBeenCalledWith(
      expect.anything(),
      'default',
      'example',
      AS_ALICE,
    );
  });

  it('creates as the user, dry runs too', async () => {
    const { source, creation } = setUp();
    const create = jest.spyOn(source, 'createRequest');
    await creation.create({ ...NEW, namespace: 'default' }, ALICE);
    await creation.create(
      { ...NEW, namespace: 'default', name: 'es2', dryRun: true },
      ALICE,
    );
    expect(create.mock.calls.map(c => c[2])).toEqual([
      { dryRun: undefined, updateExisting: undefined, ...AS_ALICE },
      { dryRun: true, updateExisting: undefined, ...AS_ALICE },
    ]);
  });

  it("previews as the user: the server's dry run and Kratix's DryRun (created, read, deleted)", async () => {
    const { source, preview } = setUp();
    const create = jest.spyOn(source, 'createRequest');
    const createDryRun = jest.spyOn(source, 'createDryRun');
    const getDryRun = jest.spyOn(source, 'getDryRun');
    const deleteDryRun = jest.spyOn(source, 'deleteDryRun');
    const result = await preview.preview(
      { ...NEW, namespace: 'default' },
      ALICE,
    );
    expect(result.method).toBe('kratix-dry-run');
    expect(create.mock.calls[0][2]).toMatchObject({
      dryRun: true,
      ...AS_ALICE,
    });
    expect((createDryRun.mock.calls[0] as unknown[])[1]).toEqual(AS_ALICE);
    expect(getDryRun.mock.calls.length).toBeGreaterThan(0);
    for (const call of getDryRun.mock.calls)
      expect((call as unknown[])[2]).toEqual(AS_ALICE);
    expect((deleteDryRun.mock.calls[0] as unknown[])[2]).toEqual(AS_ALICE);
  });

  it("turns Kubernetes' 403 into a NotAllowedError that quotes its reason and names the user", async () => {
    const { source, creation, operations } = setUp();
    const refused = () =>
      toKratixClusterError(
        new KubeHttpError(403, FORBIDDEN, 'Forbidden'),
        'fake',
      );
    jest.spyOn(source, 'createRequest').mockRejectedValue(refused());
    await expect(creation.create(NEW, ALICE)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Kubernetes refused to create elastic-cloud 'team-b/es' on Kratix platform 'prod' as user "alice" (group team-a): ${FORBIDDEN}`,
    });
    await expect(
      creation.create({ ...NEW, dryRun: true }, ALICE),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        `create elastic-cloud 'team-b/es' (dry run) on Kratix platform 'prod'`,
      ),
    });
    jest.spyOn(source, 'patchMetadata').mockRejectedValue(refused());
    await expect(operations.run('pause', REQUEST, ALICE)).rejects.toMatchObject(
      {
        name: 'NotAllowedError',
        message: `Kubernetes refused to pause elastic-cloud request default/example on Kratix platform 'prod' as user "alice" (group team-a): ${FORBIDDEN}`,
      },
    );
  });

  it('refuses a service on a platform that writes as the user, before anything is written', async () => {
    const { source, creation, operations } = setUp();
    const create = jest.spyOn(source, 'createRequest');
    const patch = jest.spyOn(source, 'patchMetadata');
    const remove = jest.spyOn(source, 'deleteRequest');
    for (const attempt of [
      () => creation.create({ ...NEW, namespace: 'default' }, SCAFFOLDER),
      () => operations.run('rerun', REQUEST, SCAFFOLDER),
      () => operations.deleteRequest(REQUEST, SCAFFOLDER),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'writes as the signed-in user (writeAs: user)',
        ),
      });
    }
    expect(create).not.toHaveBeenCalled();
    expect(patch).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
  });

  it('writes as the service on a platform that writes as the service, for users and services', async () => {
    const { source, creation, operations } = setUp({});
    const create = jest.spyOn(source, 'createRequest');
    const patch = jest.spyOn(source, 'patchMetadata');
    await creation.create({ ...NEW, namespace: 'default' }, SCAFFOLDER);
    await operations.run('rerun', REQUEST, ALICE);
    expect(create.mock.calls[0][2]).not.toHaveProperty('impersonate');
    expect((patch.mock.calls[0] as unknown[])[2]).toEqual({});
  });
});
