import { kratixPermissions } from './permissions';

describe('kratixPermissions', () => {
  it('names every permission kratix.<resource>.<action>, each once', () => {
    const names = kratixPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^kratix\.[a-z]+\.[a-z]+$/);
    }
    expect(names).toEqual([
      'kratix.resource.read',
      'kratix.request.read',
      'kratix.logs.read',
      'kratix.resource.rerun',
      'kratix.resource.pause',
      'kratix.resource.delete',
      'kratix.resource.create',
    ]);
  });

  it('marks the mutations as create, update or delete, never read', () => {
    const actions = Object.fromEntries(
      kratixPermissions.map(p => [p.name, p.attributes.action]),
    );
    expect(actions).toEqual({
      'kratix.resource.read': 'read',
      'kratix.request.read': 'read',
      'kratix.logs.read': 'read',
      'kratix.resource.rerun': 'update',
      'kratix.resource.pause': 'update',
      'kratix.resource.delete': 'delete',
      'kratix.resource.create': 'create',
    });
  });
});
