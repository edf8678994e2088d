import request from 'supertest';
import { NOW, startKratixBackend } from '../__testUtils__/testBackend';

const EXAMPLE =
  '/api/kratix/platforms/demo/requests/default/elastic-cloud/example';

describe('GET /platforms/:platform/requests/:namespace/:promise/:name/events', () => {
  it('streams the current state, runs and stages first, then changes', async () => {
    const { server } = await startKratixBackend({ clock: () => NOW });
    const events: any[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(server)
        .get(`${EXAMPLE}/events`)
        .buffer(false)
        .parse((res, done) => {
          expect(res.headers['content-type']).toBe(
            'application/x-ndjson; charset=utf-8',
          );
          let text = '';
          res.on('data', chunk => {
            text += chunk;
            const lines = text.split('\n');
            text = lines.pop()!;
            events.push(...lines.filter(Boolean).map(l => JSON.parse(l)));
            if (events.some(e => e.type === 'status')) {
              (res as any).destroy();
              done(null, undefined);
            }
          });
          res.on('error', () => done(null, undefined));
        });
      req.then(() => resolve(), reject);
    });
    const status = events.find(e => e.type === 'status');
    expect(status).toMatchObject({
      state: 'ready',
      message: 'Resource requested',
    });
    expect(events.filter(e => e.type === 'run')).toEqual([
      expect.objectContaining({
        workflowAction: 'configure',
        state: 'succeeded',
      }),
    ]);
    expect(
      events.filter(e => e.type === 'stage').map(e => [e.stage, e.state]),
    ).toEqual([
      ['reader', 'succeeded'],
      expect.arrayContaining(['succeeded']),
      ['work-writer', 'succeeded'],
      ['status-writer', 'succeeded'],
    ]);
    // The status comes after the stages, so a client stopping on it has seen them.
    expect(events.findIndex(e => e.type === 'status')).toBe(events.length - 1);
  });

  it('answers 404 for a request that does not exist', async () => {
    const { server } = await startKratixBackend();
    const res = await request(server).get(
      '/api/kratix/platforms/demo/requests/default/elastic-cloud/nope/events',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      "No elastic-cloud request 'default/nope' on Kratix platform 'demo'",
    );
  });
});
