import type { Entity } from '@backstage/catalog-model';
import { isKratixEntity, kratixEntityTarget } from './kratixEntity';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'x', annotations },
});

describe('kratixEntityTarget', () => {
  it('reads a request, a Promise and a Destination from their annotations', () => {
    expect(
      kratixEntityTarget(
        entity({
          'kratix.io/type': 'resource',
          'kratix.io/platform': 'prod',
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/namespace': 'team-a',
          'kratix.io/name': 'orders-db',
        }),
      ),
    ).toEqual({
      target: {
        type: 'resource',
        platform: 'prod',
        promise: 'postgresql',
        namespace: 'team-a',
        name: 'orders-db',
      },
    });
    expect(
      kratixEntityTarget(
        entity({
          'kratix.io/type': 'promise',
          'kratix.io/promise-name': 'postgresql',
        }),
      ),
    ).toEqual({
      target: { type: 'promise', platform: undefined, name: 'postgresql' },
    });
    expect(
      kratixEntityTarget(
        entity({
          'kratix.io/type': 'destination',
          'kratix.io/name': 'worker-1',
        }),
      ),
    ).toEqual({
      target: { type: 'destination', platform: undefined, name: 'worker-1' },
    });
  });

  it('names the annotations that are missing', () => {
    expect(
      kratixEntityTarget(
        entity({ 'kratix.io/type': 'resource', 'kratix.io/name': 'db' }),
      ),
    ).toEqual({
      missing: ['kratix.io/promise-name', 'kratix.io/namespace'],
    });
    expect(
      kratixEntityTarget(entity({ 'kratix.io/type': 'destination' })),
    ).toEqual({
      missing: ['kratix.io/destination-name'],
    });
    expect(kratixEntityTarget(entity({ 'kratix.io/type': 'cluster' }))).toEqual(
      {
        missing: ['kratix.io/type'],
      },
    );
  });

  it('tells Kratix entities from others by kratix.io/type', () => {
    const annotationSets: Record<string, string>[] = [
      { 'kratix.io/type': 'promise' },
      { 'kratix.io/type': 'nonsense' },
      {},
    ];
    expect(annotationSets.map(a => isKratixEntity(entity(a)))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
