/**
 * A real Kubernetes test environment for the Kratix plugins: a platform cluster whose
 * Jobs "run" on a KWOK node (with Pod logs and scripted failures), a worker cluster
 * reconciled by real Flux, and a git state store between them.
 *
 * @packageDocumentation
 */

export {
  startKratixTestEnvironment,
  KEEP_ENV_VAR,
  defaultKratixCrdDir,
} from './startKratixTestEnvironment';
export type {
  KratixTestEnvironment,
  KratixTestEnvironmentOptions,
  StartupTimings,
  ProcessMemory,
} from './KratixTestEnvironment';
export type { TestCluster } from './TestCluster';
export type { GitStateStore } from './GitStateStore';
export type { PodLogLine } from './kwok/criLogLine';
export type { KustomizationStatus } from './flux/FluxKustomizationStatus';
export {
  FAIL_CONTAINER_ANNOTATION,
  EXIT_CODE_ANNOTATION,
  RUN_DURATION_ANNOTATION,
} from './kwok/podStages';
export { KWOK_NODE_NAME } from './kwok/startKwok';
export {
  FLUX_NAMESPACE,
  GIT_REPOSITORY_NAME,
  DEPENDENCIES_KUSTOMIZATION,
  RESOURCES_KUSTOMIZATION,
} from './flux/fluxObjects';
export { WORKER_STATE_PATH, kratixCanaryFiles } from './git/kratixCanaryFiles';
export {
  RESTRICTED_SERVICE_ACCOUNT,
  RESTRICTED_CLUSTER_ROLE,
} from './rbac/createRestrictedIdentity';
export * from './rbac/deployedIdentity';

export * from './simulator';
export {
  resolveReferenceData,
  readPromiseCorpus,
  REFERENCE_DATA_ENV,
} from './referenceData';
export type { ReferenceData, CorpusEntry } from './referenceData';
export { waitFor } from './util/waitFor';
export type { WaitForOptions } from './util/waitFor';
export {
  startWorkshopPlatform,
  resolveKratixMode,
  KRATIX_MODE_ENV,
} from './scenario/startWorkshopPlatform';
export type { WorkshopPlatform } from './scenario/startWorkshopPlatform';
export {
  RealKratix,
  DRY_RUN_DESTINATION,
  DRY_RUN_LABEL,
} from './kratix/RealKratix';
export { describeOnRealKratix } from './kratix/describeOnRealKratix';
export {
  applyHealthRecord,
  deleteHealthRecord,
  healthRecordObject,
  healthStatusOf,
} from './kratix/healthRecords';
export type { TestHealthRecord, TestHealthState } from './kratix/healthRecords';
export {
  testenvBehaviour,
  suspendedBefore,
  WORKFLOW_CONTROL_ONCE_ANNOTATION,
} from './scenario/testenvBehaviour';
export { KratixDriverBase } from './kratix/KratixDriver';
export type { KratixDriver } from './kratix/KratixDriver';
export { PipelineRunner } from './kratix/PipelineRunner';
export type { PodRun, ContainerRun } from './kratix/PipelineRunner';
export {
  KRATIX_NAMESPACE,
  KRATIX_WEBHOOK_PORT,
  PIPELINE_ADAPTER_IMAGE,
} from './kratix/startKratixController';
export type { StartKratixControllerOptions } from './kratix/startKratixController';
export { PIPELINE_RAN_ANNOTATION } from './kwok/podStages';
export { dropPostgresDatabases } from './scenario/dropPostgresDatabases';
export { crdForClient } from './kube/crdForClient';
export { startStandaloneControlPlane } from './controlPlane/startStandaloneControlPlane';
export type {
  StandaloneControlPlane,
  StandaloneControlPlaneOptions,
} from './controlPlane/startStandaloneControlPlane';
export type { ControlPlane } from './controlPlane/startControlPlane';
export type { ClientCertificateAuthority } from './controlPlane/clientCertificates';
export type { TokenWebhookOptions } from './controlPlane/tokenWebhook';
export { DEFAULT_AUDIT_POLICY, readAuditEvents } from './controlPlane/auditLog';
export type { AuditEvent, AuditLogOptions } from './controlPlane/auditLog';
