import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Binaries } from '../binaries/resolveBinaries';
import {
  kubeConfigFor,
  KubeconfigContext,
  writeKubeconfigFile,
} from '../kube/kubeconfigFile';
import { ProcessSupervisor } from '../process/ProcessSupervisor';
import { freePorts } from '../util/freePort';
import { httpRequest } from '../util/httpRequest';
import { waitFor } from '../util/waitFor';
import {
  ClientCertificateAuthority,
  createClientCertificateAuthority,
} from './clientCertificates';
import { type AuditLogOptions, auditLogFlags } from './auditLog';
import { createServiceAccountKeys } from './serviceAccountKeys';
import { TokenWebhookOptions, tokenWebhookFlags } from './tokenWebhook';

/** A running etcd + kube-apiserver pair and what clients need to reach it. */
export interface ControlPlane {
  name: string;
  /** `<workDir>/<name>`: its data, certificates and kubeconfig. */
  dir: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** The CA of the API server's self-generated serving certificate. */
  caPem: string;
  caFile: string;
  /** Bearer token of `admin` (group `system:masters`), from the static token file. */
  adminToken: string;
  adminContext: KubeconfigContext;
  /** A kubeconfig file with only the admin context, for the other components. */
  adminKubeconfigFile: string;
  kubeConfig: KubeConfig;
  /** Signs ServiceAccount tokens (kube-controller-manager needs it too). */
  serviceAccountPrivateKeyFile: string;
  /** With the `clientCertificates` option: signs client certificates the API server trusts. */
  clientCertificates?: ClientCertificateAuthority;
  /** With the `auditLog` option: the API server's audit log (read it with `readAuditEvents`). */
  auditLogFile?: string;
}

/** Options of {@link startControlPlane}. */
export interface ControlPlaneOptions {
  name: string;
  workDir: string;
  binaries: Binaries;
  supervisor: ProcessSupervisor;
  /** Extra kube-apiserver flags. */
  apiServerFlags?: string[];
  /**
   * Opt-in (default off): a client CA the API server trusts (`--client-ca-file`), so
   * tests can authenticate with x509 client certificates (`ControlPlane.clientCertificates`).
   */
  clientCertificates?: boolean;
  /**
   * Opt-in (default off): bearer tokens the API server does not know itself go to this
   * authentication webhook (`--authentication-token-webhook-config-file`).
   */
  tokenWebhook?: TokenWebhookOptions;
  /**
   * Opt-in (default off): the API server writes an audit log
   * (`--audit-policy-file`, `--audit-log-path`), `ControlPlane.auditLogFile`; `true`
   * for the default policy (every resource request, level Metadata).
   */
  auditLog?: boolean | AuditLogOptions;
}

/**
 * Starts etcd and kube-apiserver on free loopback ports and waits for `/readyz`.
 * Both start at once: the API server retries etcd until it answers.
 */
export async function startControlPlane(
  options: ControlPlaneOptions,
): Promise<ControlPlane> {
  const { name, binaries, supervisor } = options;
  const dir = join(options.workDir, name);
  const certDir = join(dir, 'certs');
  await mkdir(certDir, { recursive: true });
  const [etcdPort, peerPort, apiPort] = await freePorts(3);
  const keys = await createServiceAccountKeys(dir);
  const adminToken = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${adminToken},admin,admin,system:masters\n`, {
    mode: 0o600,
  });
  const clientCertificates = options.clientCertificates
    ? await createClientCertificateAuthority(dir)
    : undefined;
  const authFlags = [
    ...(clientCertificates
      ? [`--client-ca-file=${clientCertificates.caFile}`]
      : []),
    ...(options.tokenWebhook
      ? await tokenWebhookFlags(dir, options.tokenWebhook)
      : []),
  ];
  const audit = options.auditLog
    ? await auditLogFlags(
        dir,
        options.auditLog === true ? {} : options.auditLog,
      )
    : undefined;

  supervisor.spawn(
    `${name}-etcd`,
    binaries.etcd,
    [
      `--name=${name}`,
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=${name}=http://127.0.0.1:${peerPort}`,
      // Test data: durability does not matter, speed does.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    { stopOrder: 2 },
  );

  const server = `https://127.0.0.1:${apiPort}`;
  supervisor.spawn(
    `${name}-kube-apiserver`,
    binaries.kubeApiServer,
    [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1',
      // A loopback advertise address is refused by the default endpoint reconciler.
      '--endpoint-reconciler-type=none',
      `--cert-dir=${certDir}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${keys.publicKeyFile}`,
      `--service-account-signing-key-file=${keys.privateKeyFile}`,
      `--token-auth-file=${tokenFile}`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.96.0.0/16',
      // KWOK's node has only an InternalIP (127.0.0.1): pods/log goes there.
      '--kubelet-preferred-address-types=InternalIP',
      '--allow-privileged=true',
      '--profiling=false',
      // API Priority and Fairness bootstraps its configuration at start (about 0.7 s
      // of a 3-4 s start on 2 cores); the plain in-flight limits are enough for tests.
      '--enable-priority-and-fairness=false',
      ...authFlags,
      ...(audit?.flags ?? []),
      ...(options.apiServerFlags ?? []),
    ],
    { stopOrder: 1 },
  );

  await waitFor(
    `${name} kube-apiserver /readyz`,
    async () => {
      const res = await httpRequest(`${server}/readyz`, {
        headers: { Authorization: `Bearer ${adminToken}` },
        timeoutMs: 2000,
      });
      return res.status === 200 && res.body.trim() === 'ok';
    },
    {
      timeoutMs: 90_000,
      intervalMs: 100,
      check: () => supervisor.assertRunning(),
    },
  );

  // The self-generated serving certificate file holds leaf + CA: the CA is the second one.
  const pem = await readFile(join(certDir, 'apiserver.crt'), 'utf8');
  const certs =
    pem.match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g,
    ) ?? [];
  const caPem = certs[1] ?? certs[0];
  if (!caPem)
    throw new Error(`no certificate in ${join(certDir, 'apiserver.crt')}`);
  const caFile = join(dir, 'ca.crt');
  await writeFile(caFile, caPem);

  const adminContext: KubeconfigContext = {
    name,
    server,
    caPem,
    token: adminToken,
  };
  const adminKubeconfigFile = join(dir, 'admin.kubeconfig');
  await writeKubeconfigFile(adminKubeconfigFile, [adminContext]);

  return {
    name,
    dir,
    server,
    caPem,
    caFile,
    adminToken,
    adminContext,
    adminKubeconfigFile,
    kubeConfig: kubeConfigFor(adminContext),
    serviceAccountPrivateKeyFile: keys.privateKeyFile,
    clientCertificates,
    ...(audit ? { auditLogFile: audit.logFile } : {}),
  };
}
