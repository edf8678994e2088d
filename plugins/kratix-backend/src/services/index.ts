import type { KratixPlatforms } from '../platforms/types';
import { DestinationService } from './DestinationService';
import { LogService } from './LogService';
import { OperationService } from './OperationService';
import { PipelineRunService } from './PipelineRunService';
import { PlacementService } from './PlacementService';
import { PlatformService } from './PlatformService';
import { PromiseService } from './PromiseService';
import { RequestService } from './RequestService';

export { DestinationService } from './DestinationService';
export { LogService, type StageLog } from './LogService';
export { OperationService, type OperationTarget } from './OperationService';
export { PipelineRunService } from './PipelineRunService';
export { PlacementService } from './PlacementService';
export { PlatformService } from './PlatformService';
export { PromiseService } from './PromiseService';
export { RequestService } from './RequestService';

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
}

/**
 * Builds every domain service over the platforms.
 *
 * @public
 */
export function createKratixServices(
  platforms: KratixPlatforms,
): KratixServices {
  return {
    platforms: new PlatformService(platforms),
    promises: new PromiseService(platforms),
    requests: new RequestService(platforms),
    runs: new PipelineRunService(platforms),
    placement: new PlacementService(platforms),
    destinations: new DestinationService(platforms),
    logs: new LogService(platforms),
    operations: new OperationService(platforms),
  };
}
