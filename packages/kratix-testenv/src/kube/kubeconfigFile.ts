import { KubeConfig } from '@kubernetes/client-node';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** One context of a kubeconfig: a server, its CA and a bearer token. */
export interface KubeconfigContext {
  /** Used as the context, cluster and user name. */
  name: string;
  server: string;
  caPem: string;
  token: string;
  /** The cluster entry's name when several contexts share one cluster (default: `name`). */
  cluster?: string;
}

/** The kubeconfig document (as an object) for these contexts; the first is current. */
export function kubeconfigDocument(contexts: KubeconfigContext[]) {
  const clusters = new Map<string, { server: string; caPem: string }>();
  for (const c of contexts)
    clusters.set(c.cluster ?? c.name, { server: c.server, caPem: c.caPem });
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [...clusters].map(([name, c]) => ({
      name,
      cluster: {
        server: c.server,
        'certificate-authority-data': Buffer.from(c.caPem).toString('base64'),
      },
    })),
    users: contexts.map(c => ({ name: c.name, user: { token: c.token } })),
    contexts: contexts.map(c => ({
      name: c.name,
      context: { cluster: c.cluster ?? c.name, user: c.name },
    })),
    'current-context': contexts[0]?.name ?? '',
    preferences: {},
  };
}

/** Writes a kubeconfig file (mode 0600) with these contexts; the first is current. */
export async function writeKubeconfigFile(
  path: string,
  contexts: KubeconfigContext[],
): Promise<void> {
  await writeFile(path, stringify(kubeconfigDocument(contexts)), {
    mode: 0o600,
  });
}

/** A client-node KubeConfig for one context. */
export function kubeConfigFor(context: KubeconfigContext): KubeConfig {
  const kc = new KubeConfig();
  const cluster = context.cluster ?? context.name;
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster,
        server: context.server,
        caData: Buffer.from(context.caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: context.name, token: context.token }],
    contexts: [{ name: context.name, cluster, user: context.name }],
    currentContext: context.name,
  });
  return kc;
}
