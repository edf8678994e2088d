import { crdForClient } from './crdForClient';

describe('crdForClient', () => {
  it("renames schema keywords to client-node's model names, in schema positions only", () => {
    const crd = {
      spec: {
        versions: [
          {
            name: 'v1',
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                    properties: {
                      size: { type: 'string', enum: ['s', 'm'], default: 's' },
                      tags: {
                        type: 'array',
                        items: { type: 'string', default: 'x' },
                      },
                      limits: {
                        type: 'object',
                        additionalProperties: {
                          'x-kubernetes-int-or-string': true,
                          anyOf: [{ type: 'integer' }, { type: 'string' }],
                        },
                      },
                      // a property *named* default is a name, not a keyword
                      default: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const schema = crdForClient(crd).spec.versions[0].schema
      .openAPIV3Schema as any;
    const spec = schema.properties.spec;
    expect(spec.x_kubernetes_preserve_unknown_fields).toBe(true);
    expect(spec.properties.size).toEqual({
      type: 'string',
      _enum: ['s', 'm'],
      _default: 's',
    });
    // typed `any` in client-node's model: sent as they are, so they keep the wire names
    expect(spec.properties.tags.items).toEqual({
      type: 'string',
      default: 'x',
    });
    expect(
      spec.properties.limits.additionalProperties['x-kubernetes-int-or-string'],
    ).toBe(true);
    expect(spec.properties.default).toEqual({ type: 'boolean' });
  });
});
