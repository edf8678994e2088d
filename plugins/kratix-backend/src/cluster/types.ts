// The cluster source contract lives in the -node package, shared with other modules.
export type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixObjectEvent,
  KratixTarget,
  KubeEventType,
  KubeObject,
  LogOptions,
  LogRead,
  MetadataPatch,
  WorkerClusterSource,
} from '@kratix-backstage/plugin-kratix-node';
