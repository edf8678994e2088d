import {
  ApiException,
  CustomObjectsApi,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { readPromiseApi } from '@kratix-backstage/plugin-kratix-node';
import { requestCrdFromPromise } from '@kratix-backstage/kratix-simulation';
import { KratixTestEnvironment, startKratixTestEnvironment } from '.';
import { readPromiseCorpus, resolveReferenceData } from './referenceData';
import { Kube, waitFor } from './simulator/kube';

jest.setTimeout(600_000);

// Every Promise of the corpus on a real API server: the Promise object against Kratix's
// real Promise CRD, its request CRD installed, and each bundled request created and read
// back — or rejected with the API server's own error.
const data = resolveReferenceData();
const describeCorpus = data.promisesDir ? describe : describe.skip;
if (!data.promisesDir) {
  process.stdout.write(
    `[kratix-testenv] corpus suite SKIPPED: ${data.description}\n`,
  );
}

describeCorpus('the Promise corpus on a real API server', () => {
  let env: KratixTestEnvironment;
  const outcome: Record<
    string,
    {
      promise: string;
      requests: string[];
      invalid?: string;
      specTyped?: boolean;
    }
  > = {};

  beforeAll(async () => {
    process.stdout.write(
      `[kratix-testenv] corpus suite: ${data.description}\n`,
    );
    env = await startKratixTestEnvironment({
      crdDirs: { kratix: data.kratixCrdDir },
      flux: false,
    });
    const kube = new Kube(env.platform.kubeConfig);
    const objects = KubernetesObjectApi.makeApiClient(env.platform.kubeConfig);
    const custom = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    const error = (e: unknown) =>
      e instanceof ApiException
        ? `${e.code} ${(JSON.parse(String(e.body || '{}')).message ?? '').slice(
            0,
            200,
          )}`
        : String(e);

    // A CRD just Established may answer 404/429/503 for a moment; another Promise of the
    // corpus may have created a request of the same name and kind: replace it.
    const createServed = async (body: any) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await objects.create(body);
        } catch (e) {
          const code = e instanceof ApiException ? e.code : 0;
          if (code === 409) {
            await objects.delete(body);
            await waitFor('the old copy to go', async () =>
              (await kube.read({
                apiVersion: body.apiVersion,
                kind: body.kind,
                name: body.metadata.name,
                namespace: body.metadata.namespace,
              }))
                ? undefined
                : true,
            );
          } else if (!([404, 429, 503].includes(code) && attempt < 40)) {
            throw e;
          }
          await new Promise(r => setTimeout(r, 250));
        }
      }
    };

    for (const entry of readPromiseCorpus(data.promisesDir!)) {
      const result: {
        promise: string;
        requests: string[];
        invalid?: string;
        specTyped?: boolean;
      } = { promise: '', requests: [] };
      outcome[entry.name] = result;
      if (entry.promiseError || !entry.promise) {
        result.promise = `unparsable: ${
          entry.promiseError ?? 'no Promise document'
        }`;
        continue;
      }
      const promise: any = entry.promise;
      try {
        await kube.apply(promise);
        result.promise = 'applied';
      } catch (e) {
        result.promise = `rejected: ${error(e)}`;
        continue;
      }
      let api;
      try {
        api = readPromiseApi(promise);
      } catch (e) {
        result.promise += `; malformed api: ${(e as Error).message}`;
        continue;
      }
      if (!api) {
        result.promise += '; no api';
        continue;
      }
      // Each Promise gets a clean slate: several corpus Promises define the same CRD name
      // with other kinds, which the API server rightly refuses as an immutable change.
      const crd = requestCrdFromPromise(promise)!;
      await kube.delete({
        apiVersion: crd.apiVersion,
        kind: crd.kind,
        name: crd.metadata.name,
      });
      await waitFor(`the old CRD ${crd.metadata.name} to go`, async () =>
        (await kube.read({
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name: crd.metadata.name,
        }))
          ? undefined
          : true,
      );
      try {
        await kube.apply(crd);
      } catch (e) {
        result.promise += `; request CRD rejected: ${error(e)}`;
        continue;
      }
      await waitFor(`CRD ${crd.metadata.name}`, async () => {
        const c = await kube.read({
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name: crd.metadata.name,
        });
        return c?.status?.conditions?.some(
          (x: any) => x.type === 'Established' && x.status === 'True',
        )
          ? true
          : undefined;
      });
      for (const r of entry.requests) {
        if (r.error) {
          result.requests.push(`${r.file}: unparsable`);
          continue;
        }
        const body = {
          ...r.object,
          metadata: { namespace: 'default', ...r.object.metadata },
        };
        try {
          await createServed(body);
          const back: any = await custom.getNamespacedCustomObject({
            group: api.group,
            version: body.apiVersion.split('/')[1],
            namespace: body.metadata.namespace,
            plural: api.plural,
            name: body.metadata.name,
          });
          result.requests.push(
            `${r.file}: ${
              back.metadata.name === body.metadata.name && back.metadata.uid
                ? 'created and read back'
                : 'read back wrong'
            }`,
          );
        } catch (e) {
          result.requests.push(`${r.file}: rejected: ${error(e)}`);
        }
      }
      // And one request that cannot fit any API: the API server must refuse it itself.
      const valid = entry.requests.find(r => r.object);
      if (valid) {
        const invalid = {
          ...valid.object,
          metadata: { name: 'corpus-invalid', namespace: 'default' },
          spec: 'not-an-object',
        };
        result.specTyped =
          (api.schema as any)?.properties?.spec?.type === 'object';
        try {
          await createServed(invalid);
          result.invalid = 'accepted';
        } catch (e) {
          result.invalid = `rejected: ${error(e)}`;
        }
      }
    }
  });

  afterAll(async () => {
    await env?.stop();
  });

  it("applies every Promise object with Kratix's own Promise CRD, and installs each valid API", () => {
    const notPlain = Object.fromEntries(
      Object.entries(outcome)
        .filter(([, o]) => o.promise !== 'applied')
        .map(([name, o]) => [
          name,
          o.promise.replace(/^(.*?)(: | \().*$/, '$1'),
        ]),
    );
    expect(notPlain).toEqual({
      // A placeholder template upstream: no name, so the API server refuses it.
      '_marketplace-template': 'rejected',
      'cert-manager': 'applied; no api',
      dapr: 'applied; no api',
      istio: 'applied; no api',
      'kratix-config-sample': 'applied; malformed api',
      'kratix-controller-promise-with-deps-only': 'applied; no api',
      kubevela: 'applied; no api',
      'nginx-ingress': 'applied; no api',
      // Their own APIs are invalid CRDs: PLURAL placeholders, printer columns without jsonPath.
      'promise-template': 'applied; request CRD rejected',
      'sql-aws': 'applied; request CRD rejected',
    });
    expect(outcome['sql-aws'].promise).toContain('422');
  });

  it('creates and reads back every bundled request of every installed API', () => {
    const requests = Object.values(outcome).flatMap(o => o.requests);
    expect(requests.filter(r => !r.endsWith('created and read back'))).toEqual(
      [],
    );
    expect(requests.length).toBeGreaterThanOrEqual(50);
  });

  it("rejects a request whose spec does not fit the API with the API server's own error", () => {
    const typed = Object.entries(outcome).filter(
      ([, o]) => o.invalid && o.specTyped,
    );
    expect(typed.length).toBeGreaterThanOrEqual(40);
    for (const [name, o] of typed) {
      expect(`${name}: ${o.invalid}`).toMatch(
        /: rejected: 422 .*spec: Invalid value: "string": spec in body must be of type object/,
      );
    }
    // An API that leaves spec untyped accepts anything there, on a real server too.
    const untyped = Object.entries(outcome).filter(
      ([, o]) => o.invalid && !o.specTyped,
    );
    for (const [, o] of untyped) expect(o.invalid).toBe('accepted');
    process.stdout.write(
      `[kratix-testenv] corpus: ${
        typed.length
      } typed APIs refused a bad spec; ${untyped.length} untyped APIs (${untyped
        .map(([n]) => n)
        .join(', ')}) accepted it\n`,
    );
  });
});
