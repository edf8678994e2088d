import { requestEntityName } from './entityNames';

describe('requestEntityName', () => {
  it('joins platform, namespace, Promise and name in lower case', () => {
    expect(requestEntityName('Prod', 'default', 'redis', 'Cache')).toBe(
      'prod-default-redis-cache',
    );
  });

  it('cuts long names to 63 characters and ends them with a stable hash', () => {
    const long = requestEntityName(
      'prod',
      'team-a',
      'elastic-cloud',
      'x'.repeat(80),
    );
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^prod-team-a-elastic-cloud-x+-[a-z0-9]{6}$/);
    expect(
      requestEntityName('prod', 'team-a', 'elastic-cloud', 'x'.repeat(80)),
    ).toBe(long);
    expect(
      requestEntityName('prod', 'team-a', 'elastic-cloud', 'x'.repeat(81)),
    ).not.toBe(long);
  });
});
