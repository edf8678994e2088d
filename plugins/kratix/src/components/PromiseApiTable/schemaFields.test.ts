import { schemaFields } from './schemaFields';

describe('schemaFields', () => {
  it('flattens the spec of a Promise API schema into readable fields', () => {
    expect(
      schemaFields({
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            required: ['size'],
            properties: {
              enableDataCollection: {
                type: 'boolean',
                default: false,
                description:
                  'If enabled, you will receive tools for\nmetric collection.\n',
              },
              size: { type: 'string', enum: ['small', 'large'] },
              replicas: { type: 'integer', minimum: 1, maximum: 5 },
              users: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name'],
                  properties: { name: { type: 'string', maxLength: 20 } },
                },
              },
              labels: {
                type: 'object',
                additionalProperties: { type: 'string' },
              },
            },
          },
        },
      }),
    ).toEqual([
      {
        path: 'enableDataCollection',
        type: 'boolean',
        required: false,
        description:
          'If enabled, you will receive tools for metric collection.',
        default: false,
        allowed: undefined,
        constraints: [],
      },
      {
        path: 'size',
        type: 'string',
        required: true,
        description: undefined,
        default: undefined,
        allowed: ['small', 'large'],
        constraints: [],
      },
      {
        path: 'replicas',
        type: 'integer',
        required: false,
        description: undefined,
        default: undefined,
        allowed: undefined,
        constraints: ['≥ 1', '≤ 5'],
      },
      {
        path: 'users',
        type: 'array of object',
        required: false,
        description: undefined,
        default: undefined,
        allowed: undefined,
        constraints: [],
      },
      {
        path: 'users[].name',
        type: 'string',
        required: true,
        description: undefined,
        default: undefined,
        allowed: undefined,
        constraints: ['at most 20 characters'],
      },
      {
        path: 'labels',
        type: 'map of string',
        required: false,
        description: undefined,
        default: undefined,
        allowed: undefined,
        constraints: [],
      },
    ]);
  });

  it('has no fields without a spec schema', () => {
    expect(schemaFields(undefined)).toEqual([]);
    expect(schemaFields({ type: 'object' })).toEqual([]);
  });
});
