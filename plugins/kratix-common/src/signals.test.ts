import { kratixSignalChannel } from './signals';

describe('kratixSignalChannel', () => {
  it('names one channel per request, Promise, Destination and platform', () => {
    expect(
      kratixSignalChannel({
        type: 'request',
        platform: 'prod',
        namespace: 'team-a',
        promise: 'postgresql',
        name: 'db',
      }),
    ).toBe('kratix:request:prod:team-a:postgresql:db');
    expect(
      kratixSignalChannel({ type: 'promise', platform: 'prod', name: 'redis' }),
    ).toBe('kratix:promise:prod:redis');
    expect(
      kratixSignalChannel({
        type: 'destination',
        platform: 'prod',
        name: 'worker-1',
      }),
    ).toBe('kratix:destination:prod:worker-1');
    expect(kratixSignalChannel({ type: 'platform', platform: 'prod' })).toBe(
      'kratix:platform:prod',
    );
  });
});
