import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readLogArchiveSettings } from './config';

describe('readLogArchiveSettings', () => {
  it('defaults to on, 10 MB per container, 30 days', () => {
    expect(readLogArchiveSettings(new ConfigReader({}))).toEqual({
      enabled: true,
      maxBytesPerContainer: 10 * 1024 * 1024,
      retentionMs: 30 * 24 * 3600 * 1000,
    });
  });

  it('reads the settings, the retention as an object or an ISO duration', () => {
    const read = (retention: JsonValue) =>
      readLogArchiveSettings(
        new ConfigReader({
          kratix: {
            logArchive: {
              enabled: false,
              maxBytesPerContainer: 2048,
              retention,
            },
          },
        }),
      );
    expect(read({ days: 7 })).toEqual({
      enabled: false,
      maxBytesPerContainer: 2048,
      retentionMs: 7 * 24 * 3600 * 1000,
    });
    expect(read('PT12H').retentionMs).toBe(12 * 3600 * 1000);
  });

  it('refuses a cap below 1 KiB', () => {
    expect(() =>
      readLogArchiveSettings(
        new ConfigReader({
          kratix: { logArchive: { maxBytesPerContainer: 10 } },
        }),
      ),
    ).toThrow(/maxBytesPerContainer/);
  });
});
