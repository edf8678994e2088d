import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * The API server's audit log: a policy (`--audit-policy-file`) and a JSON-lines log file
 * (`--audit-log-path`), written synchronously with each request (the log backend's
 * default `blocking` mode): an event is in the file as its request is answered (a test
 * may have to wait a moment for it).
 *
 * @public
 */
export interface AuditLogOptions {
  /**
   * The audit policy (`audit.k8s.io/v1` `Policy`), as an object. Default: every
   * resource request at level `Metadata` (who, what, the answer's status; no bodies),
   * without the stage `RequestReceived`, and no health, version or discovery probes.
   */
  policy?: Record<string, unknown>;
}

/** The default policy of {@link AuditLogOptions}. */
export const DEFAULT_AUDIT_POLICY = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [
    {
      level: 'None',
      nonResourceURLs: [
        '/healthz*',
        '/readyz*',
        '/livez*',
        '/version',
        '/openapi*',
        '/api',
        '/apis',
      ],
    },
    { level: 'Metadata' },
  ],
};

/**
 * One event of the audit log (`audit.k8s.io/v1` `Event`), with the fields tests look at.
 *
 * @public
 */
export interface AuditEvent {
  auditID: string;
  stage: 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';
  verb: string;
  requestURI: string;
  /** Who authenticated (for an impersonated request: the impersonator). */
  user: { username: string; groups?: string[] };
  /** Whom an impersonating request acted as. */
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    apiVersion?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; message?: string; reason?: string };
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
}

/**
 * Writes the policy into `dir` and answers the kube-apiserver flags for it and the log
 * file's path.
 */
export async function auditLogFlags(
  dir: string,
  options: AuditLogOptions,
): Promise<{ flags: string[]; logFile: string }> {
  const policyFile = join(dir, 'audit-policy.yaml');
  const logFile = join(dir, 'audit.log');
  await writeFile(
    policyFile,
    stringify(options.policy ?? DEFAULT_AUDIT_POLICY),
  );
  return {
    logFile,
    flags: [
      `--audit-policy-file=${policyFile}`,
      `--audit-log-path=${logFile}`,
      '--audit-log-format=json',
      '--audit-log-mode=blocking',
    ],
  };
}

/**
 * The events of an audit log file (a control plane started with `auditLog`:
 * `ControlPlane.auditLogFile`), oldest first, that match `filter` (every one without).
 * An absent file has no events.
 *
 * @public
 */
export async function readAuditEvents(
  logFile: string,
  filter: (event: AuditEvent) => boolean = () => true,
): Promise<AuditEvent[]> {
  let text: string;
  try {
    text = await readFile(logFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let event: AuditEvent;
    try {
      event = JSON.parse(line);
    } catch {
      // A line being written while we read: the next read has it whole.
      continue;
    }
    if (filter(event)) events.push(event);
  }
  return events;
}
