import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import type { KratixAccessChecks } from '../access/KratixAccess';
import type { KratixWriteIdentity } from '../identity/KratixWriteIdentity';
import { DestinationService } from './DestinationService';
import { LogService } from './LogService';
import type { LogArchive } from '../logArchive';
import { OperationService } from './OperationService';
import { PrunedRunsTracker } from './PrunedRunsTracker';
import { PipelineRunService } from './PipelineRunService';
import { PlacementService } from './PlacementService';
import { PlatformService } from './PlatformService';
import { PromiseService } from './PromiseService';
import { RequestCreationService } from './RequestCreationService';
import { RequestEventService } from './RequestEventService';
import { RequestService } from './RequestService';
import {
  type PreviewTimings,
  RequestPreviewService,
} from './RequestPreviewService';

export { DestinationService } from './DestinationService';
export { LogService, selectArchivedText, type StageLog } from './LogService';
export {
  OPERATION_PERMISSIONS,
  OperationService,
  type OperationTarget,
} from './OperationService';
export { PipelineRunService } from './PipelineRunService';
export { PlacementService } from './PlacementService';
export { PlatformService } from './PlatformService';
export { PromiseService } from './PromiseService';
export { RequestService, requestResource } from './RequestService';
export {
  RequestCreationService,
  type CreatedResourceRequest,
  type NewResourceRequest,
} from './RequestCreationService';
export { RequestEventService } from './RequestEventService';
export {
  RequestPreviewService,
  type PreviewTimings,
  type RequestPreviewInput,
} from './RequestPreviewService';

/**
 * The domain services over the configured platforms: what the REST API serves, and
 * what other backend features (catalog provider, actions) can call directly.
 *
 * @public
 */
export interface KratixServices {
  platforms: PlatformService;
  promises: PromiseService;
  requests: RequestService;
  runs: PipelineRunService;
  placement: PlacementService;
  destinations: DestinationService;
  logs: LogService;
  operations: OperationService;
  creation: RequestCreationService;
  events: RequestEventService;
  preview: RequestPreviewService;
}

/**
 * Builds every domain service over the platforms.
 *
 * @public
 */
export function createKratixServices(
  platforms: KratixPlatforms,
  options: {
    previewTimings?: Partial<PreviewTimings>;
    /** Serves the logs of Pods that are gone (see the backend plugin's README). */
    logArchive?: LogArchive;
    /**
     * The permission checks: writes always check the caller's permissions, and reads
     * given the caller's credentials keep only what they may see. Without it nothing is
     * checked (tests, backend code acting on its own behalf).
     */
    access?: KratixAccessChecks;
    /**
     * Who writes reach each platform as: needed by platforms that write as the user
     * (`writeAs: user`), whose writes impersonate the caller with the groups the
     * catalog knows (`CatalogWriteIdentity`). Without it, such platforms refuse writes.
     */
    identity?: KratixWriteIdentity;
  } = {},
): KratixServices {
  const { access } = options;
  const requests = new RequestService(platforms, access);
  const creation = new RequestCreationService(
    platforms,
    access,
    options.identity,
  );
  const runs = new PipelineRunService(
    platforms,
    new PrunedRunsTracker(platforms),
    access,
  );
  return {
    platforms: new PlatformService(platforms),
    promises: new PromiseService(platforms),
    requests,
    runs,
    placement: new PlacementService(platforms, access),
    destinations: new DestinationService(platforms, access),
    logs: new LogService(platforms, options.logArchive, access),
    operations: new OperationService(platforms, access, options.identity),
    creation,
    events: new RequestEventService(platforms, requests, runs, access),
    preview: new RequestPreviewService(platforms, creation, {
      timings: options.previewTimings,
      identity: options.identity,
    }),
  };
}
