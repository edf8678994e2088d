import { kratixRequestPermissionRules } from '@kratix-backstage/plugin-kratix-node';
import { compileConditions } from './compileConditions';

const rules = new Map<string, any>(
  Object.values(kratixRequestPermissionRules).map(r => [r.name, r]),
);
const getRule = (name: string) => {
  const rule = rules.get(name);
  if (!rule) throw new Error(`Unexpected permission rule: ${name}`);
  return rule;
};
const request = (namespace: string, promise: string) => ({
  platform: 'prod',
  promise,
  namespace,
  name: 'r',
});

describe('compileConditions', () => {
  it('combines allOf, anyOf and not as the permission framework does', () => {
    const allows = compileConditions<any>(
      {
        allOf: [
          {
            anyOf: [
              {
                rule: 'IN_NAMESPACE',
                resourceType: 'kratix-request',
                params: { namespaces: ['a', 'b'] },
              },
              {
                rule: 'OF_PROMISE',
                resourceType: 'kratix-request',
                params: { promises: ['redis'] },
              },
            ],
          },
          {
            not: {
              rule: 'OF_PROMISE',
              resourceType: 'kratix-request',
              params: { promises: ['secrets'] },
            },
          },
        ],
      },
      getRule,
    );
    expect(allows(request('a', 'postgresql'))).toBe(true);
    expect(allows(request('c', 'redis'))).toBe(true);
    expect(allows(request('c', 'postgresql'))).toBe(false);
    expect(allows(request('a', 'secrets'))).toBe(false);
  });

  it('checks parameters once, when compiled, and refuses unknown rules', () => {
    expect(() =>
      compileConditions(
        {
          rule: 'IN_NAMESPACE',
          resourceType: 'kratix-request',
          params: { namespaces: 'a' },
        },
        getRule,
      ),
    ).toThrow('Parameters to rule IN_NAMESPACE are invalid');
    expect(() =>
      compileConditions(
        { rule: 'NOPE', resourceType: 'kratix-request', params: {} },
        getRule,
      ),
    ).toThrow('Unexpected permission rule: NOPE');
  });
});
