import { DUPLICATE_CRD_MESSAGE } from '../../__testUtils__/fixtures';
import { failureKeyPart } from './failureKeyPart';

describe('failureKeyPart', () => {
  it('finds the part of a Flux message worth reading first', () => {
    expect(failureKeyPart(DUPLICATE_CRD_MESSAGE)).toBe(
      'may not add resource with an already registered id',
    );
    expect(
      failureKeyPart(
        'kustomization path not found: stat /tmp/kustomization-1/worker-1/resources: no such file or directory',
      ),
    ).toBe('kustomization path not found');
    expect(failureKeyPart('something else went wrong')).toBeUndefined();
    expect(failureKeyPart(undefined)).toBeUndefined();
  });
});
