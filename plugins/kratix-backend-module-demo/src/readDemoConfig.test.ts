import { ConfigReader } from '@backstage/config';
import { readDemoConfig } from './readDemoConfig';

const read = (kratix?: object) =>
  readDemoConfig(new ConfigReader(kratix ? { kratix } : {}));

describe('readDemoConfig', () => {
  it('turns the demo on while the module is installed, with its defaults', () => {
    expect(read()).toEqual({
      enabled: true,
      name: 'demo',
      title: 'Kratix workshop (demo data)',
      maxRequests: 50,
      examples: true,
    });
  });

  it('reads enabled, title, maxRequests and examples', () => {
    expect(
      read({
        demo: {
          enabled: false,
          title: 'Try it',
          maxRequests: 3,
          examples: false,
        },
      }),
    ).toEqual({
      enabled: false,
      name: 'demo',
      title: 'Try it',
      maxRequests: 3,
      examples: false,
    });
  });

  it.each([
    [{ demo: { enabled: 'yes please' } }, 'kratix.demo.enabled'],
    [
      { demo: { maxRequests: 1.5 } },
      "Invalid Kratix config at 'kratix.demo.maxRequests': 1.5 is not a whole number from 0 to 1000",
    ],
    [
      { demo: { maxRequests: 5000 } },
      "Invalid Kratix config at 'kratix.demo.maxRequests': 5000 is not a whole number from 0 to 1000",
    ],
  ])('rejects %j, naming the key', (kratix, message) => {
    expect(() => read(kratix)).toThrow(message);
  });
});
