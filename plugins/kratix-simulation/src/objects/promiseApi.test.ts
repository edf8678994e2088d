import { workshopScenario } from '../workshop';
import { readPromiseApi } from '@kratix-backstage/plugin-kratix-node';
import { requestCrdFromPromise } from './promiseApi';

describe('Promise API', () => {
  it('reads the stored version, kind and plural', () => {
    expect(readPromiseApi(workshopScenario.promise)).toMatchObject({
      crdName: 'elastic-clouds.workshop.kratix.io',
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      kind: 'elastic-cloud',
      plural: 'elastic-clouds',
    });
  });

  it('gives no API for a dependencies-only Promise, and a clear error for a malformed one', () => {
    const base = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: 'p' },
    };
    expect(readPromiseApi({ ...base, spec: {} })).toBeUndefined();
    expect(() =>
      readPromiseApi({
        ...base,
        spec: {
          api: {
            kind: 'CustomResourceDefinition',
            spec: { group: 'g', names: { kind: 'K' } },
          },
        },
      }),
    ).toThrow('Promise p: spec.api.spec.names.plural is missing');
  });

  it('adds the status subresource, status schema and printer columns to every version', () => {
    const crd = requestCrdFromPromise(workshopScenario.promise)!;
    const [v] = crd.spec.versions;
    expect(crd.metadata.labels).toEqual({
      'kratix.io/promise-name': 'elastic-cloud',
    });
    expect(v.subresources).toEqual({ status: {} });
    expect(
      v.schema.openAPIV3Schema.properties.status[
        'x-kubernetes-preserve-unknown-fields'
      ],
    ).toBe(true);
    expect(
      v.schema.openAPIV3Schema.properties.spec.properties.enableDataCollection
        .type,
    ).toBe('boolean');
    expect(v.additionalPrinterColumns.map((c: any) => c.name)).toEqual([
      'message',
      'status',
    ]);
  });
});
