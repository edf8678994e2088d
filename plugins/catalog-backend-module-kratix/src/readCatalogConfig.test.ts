import { ConfigReader } from '@backstage/config';
import { readCatalogConfig } from './readCatalogConfig';

describe('readCatalogConfig', () => {
  it('has defaults, including the Preview step of generated Templates', () => {
    expect(readCatalogConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      defaultOwner: 'group:default/platform-team',
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 6 } },
      batchMs: 500,
      templates: { preview: true },
      platforms: {},
    });
  });

  it('reads which requests of each platform go into the catalog (kratix.platforms[].catalog)', () => {
    const config = readCatalogConfig(
      new ConfigReader({
        kratix: {
          platforms: [
            { name: 'big', catalog: { requests: false } },
            {
              name: 'shared',
              catalog: { promisesWithoutRequests: ['postgresql', 'redis'] },
            },
            { name: 'small' },
          ],
        },
      }),
    );
    expect(config.platforms).toEqual({
      big: { requests: false, promisesWithoutRequests: [] },
      shared: {
        requests: true,
        promisesWithoutRequests: ['postgresql', 'redis'],
      },
    });
    expect(() =>
      readCatalogConfig(
        new ConfigReader({
          kratix: {
            platforms: [{ name: 'big', catalog: { requests: 'sometimes' } }],
          },
        }),
      ),
    ).toThrow(/kratix\.platforms\[0\]\.catalog\.requests/);
  });

  it('reads kratix.catalog.templates.preview', () => {
    const read = (preview: boolean | string) =>
      readCatalogConfig(
        new ConfigReader({ kratix: { catalog: { templates: { preview } } } }),
      ).templates.preview;
    expect(read(false)).toBe(false);
    expect(read(true)).toBe(true);
    expect(() => read('sometimes')).toThrow(
      /kratix\.catalog\.templates\.preview/,
    );
  });

  it('names the key of an invalid value', () => {
    expect(() =>
      readCatalogConfig(
        new ConfigReader({ kratix: { catalog: { batchMs: -1 } } }),
      ),
    ).toThrow('Invalid kratix.catalog.batchMs -1: must be >= 0');
  });
});
