import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPromiseCorpus, resolveReferenceData } from './referenceData';

describe('resolveReferenceData', () => {
  it("falls back to the repo's own CRDs when the setting is absent", () => {
    const data = resolveReferenceData({});
    expect(data.source).toBe('repo');
    expect(data.kratixCrdDir).toMatch(/kratix-testenv[\\/]crds[\\/]kratix$/);
    expect(data.promisesDir).toBeUndefined();
    expect(data.description).toContain('KRATIX_REFERENCE_DATA is not set');
  });

  it('uses the named folder, and refuses one without crds/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'refdata-'));
    expect(() => resolveReferenceData({ KRATIX_REFERENCE_DATA: dir })).toThrow(
      /no crds\/ folder there/,
    );
    mkdirSync(join(dir, 'crds'));
    mkdirSync(join(dir, 'promises'));
    const data = resolveReferenceData({ KRATIX_REFERENCE_DATA: dir });
    expect(data.source).toBe('reference');
    expect(data.kratixCrdDir).toBe(join(dir, 'crds'));
    expect(data.promisesDir).toBe(join(dir, 'promises'));
  });
});

describe('readPromiseCorpus', () => {
  it('reads each Promise with its requests, and reports files that do not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    mkdirSync(join(dir, 'good'));
    writeFileSync(
      join(dir, 'good/promise.yaml'),
      'apiVersion: platform.kratix.io/v1alpha1\nkind: Promise\nmetadata: {name: good}\n',
    );
    writeFileSync(
      join(dir, 'good/resource-request.yaml'),
      'kind: A\nmetadata: {name: a}\n---\nkind: A\nmetadata: {name: b}\n',
    );
    mkdirSync(join(dir, 'bad'));
    writeFileSync(
      join(dir, 'bad/promise.yaml'),
      'kind: Promise\nmetadata: {name: bad}\n',
    );
    writeFileSync(
      join(dir, 'bad/resource-request.yaml'),
      'spec: {{ .Values }}\n  x: [\n',
    );

    const corpus = readPromiseCorpus(dir);

    expect(corpus.map(c => c.name)).toEqual(['bad', 'good']);
    expect(corpus[1].requests.map(r => r.object.metadata.name)).toEqual([
      'a',
      'b',
    ]);
    expect(corpus[0].requests).toHaveLength(1);
    expect(corpus[0].requests[0].error).toBeTruthy();
  });
});
