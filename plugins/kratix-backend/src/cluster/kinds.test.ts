import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import { kindKey, kindPath, PLATFORM_KINDS, requestKindOf } from './kinds';

describe('kinds', () => {
  it('builds REST paths for core, grouped, cluster-scoped and namespaced kinds', () => {
    expect(kindPath(PLATFORM_KINDS.pods, 'default', 'p-1')).toBe(
      '/api/v1/namespaces/default/pods/p-1',
    );
    expect(kindPath(PLATFORM_KINDS.jobs)).toBe('/apis/batch/v1/jobs');
    expect(kindPath(PLATFORM_KINDS.promises, 'ignored', 'elastic-cloud')).toBe(
      '/apis/platform.kratix.io/v1alpha1/promises/elastic-cloud',
    );
    expect(kindKey(PLATFORM_KINDS.pods)).toBe('pods');
    expect(kindKey(PLATFORM_KINDS.works)).toBe('works.platform.kratix.io');
  });

  it('escapes names so that a path cannot be smuggled in', () => {
    expect(kindPath(PLATFORM_KINDS.pods, 'a/../b', 'c?d')).toBe(
      '/api/v1/namespaces/a%2F..%2Fb/pods/c%3Fd',
    );
  });

  it("resolves a Promise's request kind from spec.api", () => {
    expect(requestKindOf(elasticCloudPromise)).toEqual({
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      plural: 'elastic-clouds',
      kind: 'elastic-cloud',
      namespaced: true,
    });
  });

  it('refuses a Promise API that points at built-in kinds', () => {
    const promise = structuredClone(elasticCloudPromise);
    promise.spec.api.spec.group = '';
    promise.spec.api.spec.names.plural = 'secrets';
    expect(() => requestKindOf(promise)).toThrow(
      /group '.*' is not a custom resource group|spec.group is missing/,
    );
    promise.spec.api.spec.group = 'apps.k8s.io';
    expect(() => requestKindOf(promise)).toThrow(
      "Promise elastic-cloud: its API group 'apps.k8s.io' is not a custom resource group",
    );
  });

  it('has no API for a dependencies-only Promise', () => {
    const promise = structuredClone(elasticCloudPromise);
    delete promise.spec.api;
    expect(requestKindOf(promise)).toBeUndefined();
  });
});
