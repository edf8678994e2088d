import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Kratix plugins. */
  kratix?: {
    /**
     * The log archive: when a pipeline container terminates, the backend stores its log
     * (gzip-compressed) in the plugin's database, so that its stage log is still served
     * after Kratix prunes the Job or `podTTLSecondsAfterFinished` deletes the Pod. With
     * several replicas exactly one archives each log.
     */
    logArchive?: {
      /** Default: true. */
      enabled?: boolean;
      /**
       * The most kept of one container's log, in bytes: its tail, after a marker line that
       * says how many bytes and lines were cut. Default: 10485760 (10 MB).
       */
      maxBytesPerContainer?: number;
      /**
       * How long archived logs are kept: an object such as `{ days: 30 }`, or an ISO 8601
       * duration such as `P30D`. Default: 30 days.
       */
      retention?: HumanDuration | string;
    };
    /**
     * Backstage signals: the backend publishes a small "changed" signal per request,
     * Promise, Destination and platform from its watch caches (at most one a second per
     * channel), and open views refetch on it instead of polling.
     */
    signals?: {
      /** Default: true. */
      enabled?: boolean;
    };
    /**
     * Backstage notifications to the requester of a request (its
     * `backstage.io/kratix-requester`, else `kratix.catalog.defaultOwner`: the owner of
     * its catalog entity), once per transition and generation, with the entity link and
     * the key line of the error. Needs `@backstage/plugin-notifications-backend`.
     */
    notifications?: {
      /** Default: true. */
      enabled?: boolean;
      /**
       * Which transitions are announced: `succeeded` (the configure workflow of a new
       * generation completed), `failed` (it failed), `workerFailed` (its output fails
       * on a worker). Default: all three.
       */
      transitions?: Array<'succeeded' | 'failed' | 'workerFailed'>;
    };
    /**
     * Kratix platforms: each one platform cluster (where Kratix runs) and its worker
     * clusters. Each cluster is reached by exactly one of `kubeconfig`, `url` (+ token
     * and CA), `inCluster: true` or `kubernetesCluster`.
     */
    platforms?: Array<{
      /** Name used in the API paths: a DNS-1123 label, unique. */
      name: string;
      /** Title shown in Backstage. Default: the name. */
      title?: string;
      /** How long a read waits for the cluster, in milliseconds. Default: 10000. */
      requestTimeoutMs?: number;
      /**
       * How `POST .../requests/preview` previews a request. `kratix`: Kratix's DryRun
       * (the files the Promise's pipelines would write; needs the DryRun CRD and
       * Kratix's `featureFlags.dryRun`). `server`: a server-side dry run (the API server
       * validates and defaults the object; no files). `auto` (default): the DryRun where
       * the platform serves it and a controller answers it, else the server-side dry run.
       */
      dryRun?: 'auto' | 'kratix' | 'server';
      /**
       * Who writes (create, dry run and preview, re-run, pause/resume, resume-workflow,
       * delete) reach the platform's API server as. `service` (default): the platform's
       * own credentials. `user`: the signed-in user, through Kubernetes impersonation
       * (`Impersonate-User`, and one `Impersonate-Group` per group the user entity is a
       * member of in the catalog), so the cluster's RBAC decides and its audit log names
       * the user; the credentials then need `impersonate` on users and groups (and their
       * read rights), and a service calling without a user is refused (403). Reads always
       * come from the shared watch caches.
       */
      writeAs?: 'service' | 'user';
      /**
       * With `writeAs: user`: how a Backstage user and the user's groups are named to
       * Kubernetes. The templates take `{{kind}}`, `{{namespace}}`, `{{name}}` and
       * `{{ref}}` of the entity ref (lower-case), e.g. `oidc:{{name}}@example.com`.
       */
      impersonation?: {
        /** The `Impersonate-User` value, from the user entity ref. Default: `{{name}}`. */
        userTemplate?: string;
        /** Each group's name, from the group entity ref. Default: `{{name}}`. */
        groupTemplate?: string;
        /** Put before each group's name, e.g. `oidc:`. Default: none. */
        groupPrefix?: string;
      };
      /** A kubeconfig file (relative to the backend's working directory) and context. */
      kubeconfig?: {
        path: string;
        /** Default: the kubeconfig's current context. */
        context?: string;
      };
      /** The Kubernetes API server URL. */
      url?: string;
      /**
       * Bearer token of a service account allowed to read Kratix's kinds, Jobs, Pods and
       * pods/log, and to patch and delete resource requests and Promises.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Base64 PEM of the API server's certificate authority.
       * @visibility secret
       */
      caData?: string;
      /** Path to a PEM file of the API server's certificate authority. */
      caFile?: string;
      /** Skip verifying the API server's certificate. Default: false. Never in production. */
      skipTLSVerify?: boolean;
      /** Use the service account of the Pod Backstage runs in. */
      inCluster?: boolean;
      /**
       * Reuse a cluster of the Kubernetes plugin by its name: a cluster of a `config`
       * locator of `kubernetes.clusterLocatorMethods`, or `local` of a `localKubectlProxy`
       * locator. Its URL, CA, TLS settings, `authProvider` and `authMetadata` are the
       * Kubernetes plugin's; each request is authenticated by that auth provider's
       * strategy (`serviceAccount`, `aws`, `azure`, `googleServiceAccount`,
       * `localKubectlProxy`). Providers that need the signed-in user's token (`oidc`,
       * `google`, `aks`) and the `catalog` and `gke` locators are refused at start-up.
       */
      kubernetesCluster?: string;

      /** Worker clusters, read for the health of the Destinations they serve. */
      workers?: Array<{
        /** Name of the worker cluster: a DNS-1123 label, unique within the platform. */
        name: string;
        /** The Kratix Destination this worker serves. */
        destination: string;
        kubeconfig?: { path: string; context?: string };
        url?: string;
        /** @visibility secret */
        serviceAccountToken?: string;
        /** @visibility secret */
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
        inCluster?: boolean;
        /** A cluster of the Kubernetes plugin by its name, as for a platform. */
        kubernetesCluster?: string;
      }>;
    }>;
  };
}
