import { kratixPermissions } from './permissions';

describe('kratixPermissions', () => {
  it('names every permission kratix.<resource>.<action>, each once', () => {
    const names = kratixPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^kratix\.[a-z]+\.[a-z]+$/);
    }
    expect(names).toEqual(['kratix.resource.read', 'kratix.logs.read']);
  });
});
