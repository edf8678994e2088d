import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An authentication webhook for bearer tokens the API server does not know itself. */
export interface TokenWebhookOptions {
  /** Where the API server POSTs a `TokenReview` (authentication.k8s.io/v1). */
  url: string;
  /** How long the API server caches an answer (`--authentication-token-webhook-cache-ttl`). Default `10s`. */
  cacheTtl?: string;
}

/** Writes the webhook's kubeconfig into `dir` and returns the kube-apiserver flags that use it. */
export async function tokenWebhookFlags(
  dir: string,
  webhook: TokenWebhookOptions,
): Promise<string[]> {
  const file = join(dir, 'token-webhook.kubeconfig');
  // JSON is YAML: the API server reads this as a kubeconfig.
  await writeFile(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'webhook', cluster: { server: webhook.url } }],
      users: [{ name: 'kube-apiserver', user: {} }],
      contexts: [
        {
          name: 'webhook',
          context: { cluster: 'webhook', user: 'kube-apiserver' },
        },
      ],
      'current-context': 'webhook',
    }),
  );
  return [
    `--authentication-token-webhook-config-file=${file}`,
    '--authentication-token-webhook-version=v1',
    `--authentication-token-webhook-cache-ttl=${webhook.cacheTtl ?? '10s'}`,
  ];
}
