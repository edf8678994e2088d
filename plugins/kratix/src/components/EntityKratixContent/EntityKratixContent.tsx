import { DestinationView } from '../DestinationView';
import { PromiseView } from '../PromiseView';
import { RequestView } from '../RequestView';
import { EntityTargetGate } from './EntityTargetGate';

/**
 * The "Kratix" tab of an entity annotated with `kratix.io/type`: for a resource request
 * its status, pipeline runs with stage logs, Work placement and worker health; for a
 * Promise its API, workflows, runs and requests; for a Destination its readiness,
 * state store, requests placed there and worker health.
 */
export const EntityKratixContent = () => (
  <EntityTargetGate>
    {target => {
      switch (target.type) {
        case 'resource':
          return <RequestView requestRef={target} />;
        case 'promise':
          return <PromiseView promiseRef={target} />;
        default:
          return <DestinationView destinationRef={target} />;
      }
    }}
  </EntityTargetGate>
);
