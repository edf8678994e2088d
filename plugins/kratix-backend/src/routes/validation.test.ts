import request from 'supertest';
import { startKratixBackend } from '../__testUtils__/testBackend';
import { dnsLabel, dnsSubdomain } from './validation';

const API = '/api/kratix';
const LOGS = `${API}/platforms/demo/pods/default/kratix-elastic-cloud-example-resource-configure-99169-5edd7/logs/reader`;

describe('input validation', () => {
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startKratixBackend());
  });

  it.each([
    [
      `${API}/platforms/Demo_1/promises`,
      'Invalid path: platform must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
    ],
    [
      `${API}/platforms/demo/promises/elastic..cloud`,
      'Invalid path: promise must be a DNS-1123 subdomain: lower-case letters, digits, "-" and "."',
    ],
    [
      `${API}/platforms/demo/requests/kube_system/elastic-cloud/example`,
      'Invalid path: namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
    ],
    [
      `${API}/platforms/demo/requests/default/elastic-cloud/${'a'.repeat(254)}`,
      'Invalid path: name must be at most 253 characters',
    ],
    [
      `${API}/platforms/demo/pods/default/p/logs/Reader`,
      'Invalid path: container must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
    ],
    [
      `${LOGS}?tailLines=abc`,
      'Invalid query: tailLines must be a whole number',
    ],
    [`${LOGS}?tailLines=0`, 'Invalid query: tailLines must be at least 1'],
    [
      `${LOGS}?limitBytes=999999999999`,
      'Invalid query: limitBytes must be at most 52428800',
    ],
    [
      `${LOGS}?sinceSeconds=-5`,
      'Invalid query: sinceSeconds must be a whole number',
    ],
    [
      `${LOGS}?follow=maybe`,
      'Invalid query: follow must be true, false, 1 or 0',
    ],
    [`${LOGS}?tailLines=1&tailLines=2`, 'Invalid query: tailLines'],
    [`${LOGS}?container=other`, 'Invalid query: unknown container'],
    [
      `${API}/promises?platform=x&labelSelector=a`,
      'Invalid query: unknown labelSelector',
    ],
    [
      `${API}/platforms/demo/promises/elastic-cloud/placement?content=yes`,
      'Invalid query: content must be true, false, 1 or 0',
    ],
  ])('GET %s answers 400', async (path, message) => {
    const res = await request(server).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('validates operations before running them', async () => {
    const res = await request(server).post(
      `${API}/platforms/demo/requests/default/elastic-cloud/Example/rerun`,
    );
    expect(res.status).toBe(400);
    const del = await request(server).delete(
      `${API}/platforms/demo/requests/default/elastic-cloud/x?force=true`,
    );
    expect(del.status).toBe(400);
    expect(del.body.error.message).toBe('Invalid query: unknown force');
  });

  it('accepts Kubernetes names and refuses path tricks', () => {
    expect(
      dnsSubdomain.safeParse('kratix-elastic-cloud-example-5f9f5.worker-1')
        .success,
    ).toBe(true);
    for (const bad of [
      '..',
      '../secrets',
      'a/b',
      '-a',
      'a-',
      'A',
      '',
      'a b',
      'a%2Fb',
    ]) {
      expect([bad, dnsSubdomain.safeParse(bad).success]).toEqual([bad, false]);
    }
    expect(dnsLabel.safeParse('a.b').success).toBe(false);
  });
});
