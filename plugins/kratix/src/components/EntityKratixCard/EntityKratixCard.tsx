import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { kratixSignalChannel } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api';
import type { ResolvedEntityTarget } from '../../entity';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { DestinationSummaryCard } from '../DestinationView';
import { EntityTargetGate } from '../EntityKratixContent';
import { KratixErrorPanel } from '../KratixErrorPanel';
import { PromiseSummaryCard } from '../PromiseView';
import { RequestStatusCard } from '../RequestStatusCard';

const loadingCard = (
  <InfoCard title="Kratix status">
    <Progress />
  </InfoCard>
);

const errorCard = (error: Error, what: string) => (
  <InfoCard title="Kratix status">
    <KratixErrorPanel error={error} what={what} />
  </InfoCard>
);

const TargetCard = ({ target }: { target: ResolvedEntityTarget }) => {
  const api = useApi(kratixApiRef);
  const key = JSON.stringify(target);
  const data = usePolledAsync(
    key,
    async () => {
      if (target.type === 'resource') {
        return { type: target.type, request: await api.getRequest(target) };
      }
      if (target.type === 'promise') {
        return { type: target.type, promise: await api.getPromise(target) };
      }
      return {
        type: target.type,
        destination: await api.getDestination(target),
      };
    },
    {
      isLive: v =>
        v.type === 'resource' &&
        (v.request!.state === 'pending' || v.request!.state === 'deleting'),
      signal: {
        channel: kratixSignalChannel(
          target.type === 'resource' ? { ...target, type: 'request' } : target,
        ),
        kinds: ['request', 'promise', 'destination', 'health', 'worker'],
      },
    },
  );
  if (data.loading) return loadingCard;
  if (!data.value)
    return errorCard(data.error!, `Kratix ${target.type} ${target.name}`);
  const value = data.value;
  if (value.request) {
    return (
      <RequestStatusCard
        request={value.request}
        onOperation={() => data.retry()}
      />
    );
  }
  if (value.promise) {
    return (
      <PromiseSummaryCard
        promise={value.promise}
        onOperation={() => data.retry()}
      />
    );
  }
  return <DestinationSummaryCard destination={value.destination!} />;
};

/**
 * The Kratix card of an entity's overview: a request's status (message, conditions,
 * outputs, operations), a Promise's summary, or a Destination's readiness.
 */
export const EntityKratixCard = () => (
  <EntityTargetGate>
    {target => <TargetCard target={target} />}
  </EntityTargetGate>
);
