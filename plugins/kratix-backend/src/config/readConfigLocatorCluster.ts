import type { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthMetadata,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';

/** Shorthand keys of a `config` locator cluster that the Kubernetes plugin puts into its authMetadata. */
const SHORTHANDS: Array<[key: string, authMetadataKey: string]> = [
  ['serviceAccountToken', 'serviceAccountToken'],
  ['assumeRole', ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE],
  ['externalId', ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID],
  ['oidcTokenProvider', ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER],
];

/**
 * One cluster of a `config` cluster locator, as the Kubernetes plugin reads it: the auth
 * provider from `authMetadata['kubernetes.io/auth-provider']` or `authProvider`, the
 * authMetadata from the shorthand keys then the `authMetadata` block, and the TLS
 * settings. Throws an Error (without the Kratix key) saying what is wrong.
 */
export function readConfigLocatorCluster(
  cluster: Config,
  clusterKey: string,
): ClusterDetails {
  const name = cluster.getString('name');
  const block = readAuthMetadataBlock(cluster, clusterKey);
  const authProvider =
    block[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    cluster.getOptionalString('authProvider');
  if (!authProvider) {
    throw new Error(
      `${clusterKey} has no auth provider: set authProvider or authMetadata['${ANNOTATION_KUBERNETES_AUTH_PROVIDER}']`,
    );
  }
  const authMetadata: AuthMetadata = {
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
  };
  for (const [key, metadataKey] of SHORTHANDS) {
    const value = cluster.getOptionalString(key);
    if (value) authMetadata[metadataKey] = value;
  }
  Object.assign(authMetadata, block);
  const title = cluster.getOptionalString('title');
  return {
    name,
    ...(title ? { title } : {}),
    url: cluster.getString('url'),
    authMetadata,
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
  };
}

function readAuthMetadataBlock(
  cluster: Config,
  clusterKey: string,
): AuthMetadata {
  const block = cluster.getOptional('authMetadata');
  if (block === undefined) return {};
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    throw new Error(`${clusterKey}.authMetadata must be an object of strings`);
  }
  const metadata: AuthMetadata = {};
  for (const [key, value] of Object.entries(block)) {
    if (typeof value !== 'string') {
      throw new Error(
        `${clusterKey}.authMetadata['${key}'] must be a string, got ${typeof value}`,
      );
    }
    metadata[key] = value;
  }
  return metadata;
}
