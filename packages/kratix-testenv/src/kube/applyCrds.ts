import {
  ApiextensionsV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { waitFor } from '../util/waitFor';
import { FIELD_MANAGER, retryTransient } from './applyObjects';
import { crdForClient } from './crdForClient';

/**
 * Every document of `path`: a YAML file, or every `*.yaml`/`*.yml` file of a directory
 * (sorted by file name).
 */
export async function readYamlDir(path: string): Promise<KubernetesObject[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path))
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => join(path, f))
    : [path];
  const objects: KubernetesObject[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        throw new Error(`${file}: ${doc.errors[0].message}`);
      }
      const value = doc.toJS() as KubernetesObject | null;
      if (value && typeof value === 'object' && value.kind) objects.push(value);
    }
  }
  return objects;
}

/**
 * Creates (or server-side applies, if present) the CustomResourceDefinitions of every YAML
 * file in `paths` (directories or files; other kinds are ignored; missing paths are skipped), then waits until each
 * is Established and its resource answers a LIST (a LIST right after Established can get
 * `429 storage is (re)initializing`). Returns the CRD names.
 */
export async function applyCrds(
  kubeConfig: KubeConfig,
  paths: string[],
): Promise<string[]> {
  const crds: V1CustomResourceDefinition[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    for (const object of await readYamlDir(path)) {
      if (object.kind === 'CustomResourceDefinition')
        crds.push(object as V1CustomResourceDefinition);
    }
  }
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const api = kubeConfig.makeApiClient(ApiextensionsV1Api);
  await Promise.all(
    crds.map(crd =>
      retryTransient(`create CRD ${crd.metadata?.name}`, async () => {
        try {
          await api.createCustomResourceDefinition({ body: crdForClient(crd) });
        } catch (error) {
          if ((error as { code?: number }).code !== 409) throw error;
          await objects.patch(
            crdForClient(crd),
            undefined,
            undefined,
            FIELD_MANAGER,
            true,
            PatchStrategy.ServerSideApply,
          );
        }
      }),
    ),
  );
  await Promise.all(
    crds.map(async crd => {
      const name = crd.metadata!.name!;
      await waitFor(
        `CRD ${name} Established`,
        async () => {
          const current = await api.readCustomResourceDefinition({ name });
          return current.status?.conditions?.some(
            c => c.type === 'Established' && c.status === 'True',
          );
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const version =
        crd.spec.versions.find(v => v.served)?.name ??
        crd.spec.versions[0].name;
      await retryTransient(
        `list ${crd.spec.names.plural}.${crd.spec.group}`,
        () =>
          objects.list(
            `${crd.spec.group}/${version}`,
            crd.spec.names.kind,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            1,
          ),
        60_000,
      );
    }),
  );
  return crds.map(c => c.metadata!.name!);
}
