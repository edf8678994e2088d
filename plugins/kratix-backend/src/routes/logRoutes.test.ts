import request from 'supertest';
import { NOW, startKratixBackend } from '../__testUtils__/testBackend';

const API = '/api/kratix';

describe('logs route', () => {
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];
  let now = NOW;
  let pod: string;
  const logs = (container: string, query = '') =>
    request(server).get(
      `${API}/platforms/demo/pods/default/${pod}/logs/${container}${query}`,
    );

  beforeAll(async () => {
    ({ server } = await startKratixBackend({ clock: () => now }));
    const runs = await request(server).get(
      `${API}/platforms/demo/requests/default/elastic-cloud/example/runs`,
    );
    pod = runs.body.items[0].pod;
  });

  it("serves a stage's log as plain text, with tailLines, limitBytes and sinceSeconds", async () => {
    const res = await logs('pipeline-stage-0', '?tailLines=3');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.text).toBe(
      'Removing enterprise annotation...\nCopying files to /kratix/output...\nDone\n',
    );

    expect((await logs('pipeline-stage-0', '?limitBytes=19')).text).toBe(
      'Downloading CRDS...',
    );
    expect((await logs('reader', '?sinceSeconds=60')).text).toBe('');
    expect((await logs('reader')).text).toBe(
      'Reading object default/example (elastic-cloud.workshop.kratix.io/v1alpha1)\nWriting object to /kratix/input/object.yaml\nReader completed\n',
    );
  });

  it('offers the log as a download', async () => {
    const res = await logs('status-writer', '?download=true');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${pod}_status-writer.log"`,
    );
    expect(res.text).toContain('Status updated: Resource requested');
  });

  it('follows a log as a chunked stream that ends with the container', async () => {
    const res = await logs('work-writer', '?follow=1');
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(res.text).toBe(
      'Creating Work for default/example (pipeline resource-configure)\nWork contains 5 files in workload group . (5058f)\nDestination selectors: environment=dev (source: promise)\nWork written\n',
    );
  });

  it('answers a typed "logs unavailable" for a stage that has not started', async () => {
    await request(server).post(
      `${API}/platforms/demo/requests/default/elastic-cloud/example/rerun`,
    );
    const runs = await request(server).get(
      `${API}/platforms/demo/requests/default/elastic-cloud/example/runs`,
    );
    const fresh = runs.body.items[0].pod;
    const res = await request(server).get(
      `${API}/platforms/demo/pods/default/${fresh}/logs/status-writer`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      logsUnavailable: true,
      platform: 'demo',
      namespace: 'default',
      pod: fresh,
      container: 'status-writer',
      reason: 'container-not-started',
      message: `container "status-writer" in pod "${fresh}" has not started`,
      statusCode: 400,
    });
    now += 60_000;
    expect(
      (
        await request(server).get(
          `${API}/platforms/demo/pods/default/${fresh}/logs/status-writer`,
        )
      ).text,
    ).toContain('Status updated');
  });

  it("refuses a Pod that is not one of Kratix's pipeline Pods, and a container it does not have", async () => {
    const other = await request(server).get(
      `${API}/platforms/demo/pods/kube-system/coredns-7db6d8ff4d-x2x4q/logs/coredns`,
    );
    expect(other.status).toBe(404);
    expect(other.body.error).toEqual({
      name: 'NotFoundError',
      message:
        "No Kratix pipeline Pod 'kube-system/coredns-7db6d8ff4d-x2x4q' on platform 'demo': only Pods labelled app.kubernetes.io/managed-by=Kratix have their logs served",
    });
    const container = await logs('sidecar');
    expect(container.status).toBe(404);
    expect(container.body.error.message).toBe(
      `Pod 'default/${pod}' has no container 'sidecar'; its stages are reader, pipeline-stage-0, work-writer, status-writer`,
    );
  });
});
