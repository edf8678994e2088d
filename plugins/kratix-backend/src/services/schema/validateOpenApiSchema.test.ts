import { validateOpenApiSchema } from './validateOpenApiSchema';

const schema = {
  type: 'object',
  required: ['replicas'],
  properties: {
    replicas: { type: 'integer', minimum: 1, maximum: 5 },
    size: { type: 'string', enum: ['small', 'large'] },
    name: { type: 'string', minLength: 3, maxLength: 8, pattern: '^[a-z]+$' },
    ratio: { type: 'number', exclusiveMaximum: true, maximum: 1 },
    tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
    env: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    port: { 'x-kubernetes-int-or-string': true },
    nested: {
      type: 'object',
      properties: { enabled: { type: 'boolean' } },
    },
  },
};

describe('validateOpenApiSchema', () => {
  it('accepts a value that fits', () => {
    expect(
      validateOpenApiSchema(
        schema,
        {
          replicas: 2,
          size: 'small',
          name: 'abc',
          ratio: 0.5,
          tags: ['a'],
          env: { A: 'b' },
          extra: { anything: [1, { deep: true }] },
          port: 'http',
          nested: { enabled: true },
        },
        'spec',
      ),
    ).toEqual([]);
  });

  it('names every field that does not fit, and why', () => {
    expect(
      validateOpenApiSchema(
        schema,
        {
          replicas: 'two',
          size: 'medium',
          name: 'AB',
          ratio: 1,
          tags: ['a', 'b', 3],
          env: { A: 1 },
          port: true,
          nested: { enabled: 'yes', unknown: 1 },
          'odd key': 1,
        },
        'spec',
      ),
    ).toEqual([
      { path: 'spec.replicas', message: 'must be integer, got string' },
      { path: 'spec.size', message: 'must be one of "small", "large"' },
      { path: 'spec.name', message: 'must be at least 3 characters long' },
      { path: 'spec.name', message: 'must match the pattern ^[a-z]+$' },
      { path: 'spec.ratio', message: 'must be less than 1' },
      { path: 'spec.tags', message: 'must have at most 2 items' },
      { path: 'spec.tags[2]', message: 'must be string, got integer' },
      { path: 'spec.env.A', message: 'must be string, got integer' },
      {
        path: 'spec.port',
        message: 'must be an integer or a string, got boolean',
      },
      { path: 'spec.nested.enabled', message: 'must be boolean, got string' },
      { path: 'spec.nested.unknown', message: 'is not a field of this API' },
      { path: 'spec["odd key"]', message: 'is not a field of this API' },
    ]);
  });

  it('reports missing required fields and numbers out of range', () => {
    expect(validateOpenApiSchema(schema, {}, 'spec')).toEqual([
      { path: 'spec.replicas', message: 'is required' },
    ]);
    expect(validateOpenApiSchema(schema, { replicas: 9 }, 'spec')).toEqual([
      { path: 'spec.replicas', message: 'must be at most 5' },
    ]);
  });
});
