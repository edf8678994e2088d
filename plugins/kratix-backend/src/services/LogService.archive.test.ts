import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import type { LogArchive } from '../logArchive';
import { LogService, selectArchivedText } from './LogService';

const LOG = Buffer.from('one\ntwo\nthree\n');

describe('selectArchivedText', () => {
  const select = (options: { tailLines?: number; limitBytes?: number }) =>
    selectArchivedText(LOG, options).toString();

  it('answers the last lines, then the first bytes, as the kubelet does', () => {
    expect(select({})).toBe('one\ntwo\nthree\n');
    expect(select({ tailLines: 1 })).toBe('three\n');
    expect(select({ tailLines: 2 })).toBe('two\nthree\n');
    expect(select({ tailLines: 3 })).toBe('one\ntwo\nthree\n');
    expect(select({ tailLines: 10 })).toBe('one\ntwo\nthree\n');
    expect(select({ tailLines: 2, limitBytes: 5 })).toBe('two\nt');
    expect(
      selectArchivedText(Buffer.from('a\nb'), { tailLines: 1 }).toString(),
    ).toBe('b');
  });
});

describe('LogService with an archive', () => {
  const archived = {
    content: LOG,
    archivedAt: '2026-12-05T01:00:00.000Z',
    podUid: 'u1',
    originalBytes: LOG.length,
    keptBytes: LOG.length,
    cutBytes: 0,
    cutLines: 0,
  };
  const setUp = (podThere: boolean, live: 'ok' | 'pod-gone' = 'ok') => {
    const platform = {
      name: 'p1',
      kratix: {
        getPod: async () =>
          podThere
            ? {
                metadata: {
                  name: 'run',
                  namespace: 'default',
                  labels: { 'app.kubernetes.io/managed-by': 'Kratix' },
                },
                spec: { containers: [{ name: 'reader' }] },
              }
            : undefined,
        readLogs: async () =>
          live === 'ok'
            ? {
                available: true,
                stream: Readable.from(['live\n']),
              }
            : { available: false, reason: 'pod-gone', message: 'gone' },
      },
    };
    const platforms = {
      list: () => [platform],
      get: () => platform,
    } as unknown as KratixPlatforms;
    const find = jest.fn(async (_p: string, _n: string, pod: string) =>
      pod === 'run' ? archived : undefined,
    );
    return {
      service: new LogService(platforms, { find } as unknown as LogArchive),
      find,
    };
  };

  it('serves the archive, marked as such, once the Pod is gone', async () => {
    const { service } = setUp(false);
    const log = await service.read('p1', 'default', 'run', 'reader', {
      tailLines: 2,
    });
    if ('logsUnavailable' in log) throw new Error('unavailable');
    expect(await text(log.stream)).toBe('two\nthree\n');
    expect(log.archived).toMatchObject({
      archivedAt: '2026-12-05T01:00:00.000Z',
    });
  });

  it('serves the live log while the Pod is there, and the archive when the kubelet says it is gone', async () => {
    const live = setUp(true);
    const log = await live.service.read('p1', 'default', 'run', 'reader', {});
    if ('logsUnavailable' in log) throw new Error('unavailable');
    expect(await text(log.stream)).toBe('live\n');
    expect(log.archived).toBeUndefined();
    expect(live.find).not.toHaveBeenCalled();

    const racing = setUp(true, 'pod-gone');
    const late = await racing.service.read(
      'p1',
      'default',
      'run',
      'reader',
      {},
    );
    if ('logsUnavailable' in late) throw new Error('unavailable');
    expect(late.archived).toBeDefined();
  });

  it('answers not found for a Pod that is gone and was never archived', async () => {
    const { service } = setUp(false);
    await expect(
      service.read('p1', 'default', 'other', 'reader', {}),
    ).rejects.toThrow(/No Kratix pipeline Pod/);
  });
});
