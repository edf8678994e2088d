import {
  exampleOf,
  openApiToJsonSchema,
  requiredFieldPaths,
  withDefaults,
} from './openApiToJsonSchema';
import { describeFieldErrors, fieldErrorsOf, specErrors } from './fieldErrors';
import { differingPaths } from './sameJson';

// A Promise API's spec as CustomResourceDefinitions write it (OpenAPI v3 with the
// Kubernetes extensions).
const spec = {
  type: 'object',
  description: 'A database.',
  required: ['size', 'engine'],
  properties: {
    size: { type: 'string', enum: ['s', 'm', 'l'], default: 'm' },
    engine: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-z]+$', example: 'postgres' },
        version: {
          type: 'integer',
          minimum: 10,
          exclusiveMaximum: true,
          maximum: 17,
        },
      },
    },
    replicas: { 'x-kubernetes-int-or-string': true },
    backup: { type: 'string', nullable: true },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    tags: { type: 'array', minItems: 1, items: { type: 'string' } },
    retention: {
      type: 'integer',
      'x-kubernetes-validations': [
        { rule: 'self >= 1', message: 'retention must be at least a day' },
      ],
    },
  },
};

describe('openApiToJsonSchema', () => {
  it("says what a CRD's schema says, in JSON schema draft-07", () => {
    const json = openApiToJsonSchema(spec) as any;
    expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(json.type).toBe('object');
    expect(json.description).toBe('A database.');
    expect(json.required).toEqual(['size', 'engine']);
    // Kubernetes prunes fields a structural schema does not name: closed.
    expect(json.additionalProperties).toBe(false);
    expect(json.properties.size).toEqual({
      type: 'string',
      enum: ['s', 'm', 'l'],
      default: 'm',
    });
    expect(json.properties.engine.properties.name).toEqual({
      type: 'string',
      pattern: '^[a-z]+$',
      examples: ['postgres'],
    });
    // OpenAPI 3.0's boolean exclusive bounds are draft-07's numbers.
    expect(json.properties.engine.properties.version).toEqual({
      type: 'integer',
      minimum: 10,
      exclusiveMaximum: 17,
    });
    expect(json.properties.replicas).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(json.properties.backup.type).toEqual(['string', 'null']);
    expect(json.properties.labels.additionalProperties).toEqual({
      type: 'string',
    });
    expect(json.properties.extra.additionalProperties).toBe(true);
    expect(json.properties.tags).toEqual({
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
    });
    expect(json.properties.retention.description).toBe(
      'The API server also checks: retention must be at least a day.',
    );
  });

  it('lists the fields a request must set, through required parents only', () => {
    expect(requiredFieldPaths(spec, 'spec')).toEqual([
      'spec.size',
      'spec.engine',
      'spec.engine.name',
    ]);
    expect(requiredFieldPaths({ type: 'object' }, 'spec')).toEqual([]);
  });

  it('makes an example from defaults, examples and required fields, which validates', () => {
    const example = exampleOf(spec);
    expect(example).toEqual({
      size: 'm',
      engine: { name: 'postgres' },
    });
    expect(specErrors({ properties: { spec } }, example)).toEqual([]);
  });

  it('applies defaults where the value leaves a field out, as the API server does', () => {
    expect(withDefaults(spec, { engine: { name: 'pg' } })).toEqual({
      size: 'm',
      engine: { name: 'pg' },
    });
    expect(withDefaults(spec, { size: 's' })).toEqual({ size: 's' });
  });
});

describe('field errors', () => {
  it('names each field the spec gets wrong', () => {
    expect(
      specErrors(
        { properties: { spec } },
        { size: 'xl', engine: {}, unknown: 1, tags: [] },
      ),
    ).toEqual([
      { field: 'spec.size', problem: 'must be one of "s", "m", "l"' },
      { field: 'spec.engine.name', problem: 'is required' },
      { field: 'spec.unknown', problem: 'is not a field of this API' },
      { field: 'spec.tags', problem: 'must have at least 1 items' },
    ]);
  });

  it("reads the fields out of the API server's 422 answer, as the backend wraps it", () => {
    const message =
      'The API server refused elastic-cloud \'default/x\' on platform \'testenv\': Cluster \'testenv\': the API server request failed (422 Invalid: elastic-cloud.workshop.kratix.io "x" is invalid: [spec.size: Unsupported value: "xl": supported values: "s", "m", spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"])';
    expect(fieldErrorsOf(message)).toEqual([
      {
        field: 'spec.size',
        problem: 'Unsupported value: "xl": supported values: "s", "m"',
      },
      {
        field: 'spec.replicas',
        problem:
          'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      },
    ]);
    expect(
      fieldErrorsOf(
        'x.y.io "a" is invalid: metadata.name: Invalid value: "A": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters',
      ),
    ).toEqual([
      {
        field: 'metadata.name',
        problem:
          'Invalid value: "A": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters',
      },
    ]);
    expect(fieldErrorsOf('admission webhook "x" denied the request')).toEqual([
      { problem: 'admission webhook "x" denied the request' },
    ]);
    expect(
      describeFieldErrors([
        { field: 'name', problem: 'is bad' },
        { problem: 'and so is this' },
      ]),
    ).toBe('name: is bad; and so is this');
  });
});

describe('differingPaths', () => {
  it('finds where two specs differ, whatever the key order', () => {
    expect(
      differingPaths(
        { a: 1, b: { c: [1, 2] } },
        { b: { c: [1, 2] }, a: 1 },
        'spec',
      ),
    ).toEqual([]);
    expect(
      differingPaths(
        { a: 1, b: { c: [1, 2] } },
        { a: 2, b: { c: [1, 3] }, d: true },
        'spec',
      ),
    ).toEqual(['spec.a', 'spec.b.c[1]', 'spec.d']);
  });
});
