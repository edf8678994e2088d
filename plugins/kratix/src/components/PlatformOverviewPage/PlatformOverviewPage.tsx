import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { kratixSignalChannel } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import { useEffect, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import { kratixApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { DemoDataChip } from '../DemoDataChip';
import { KratixErrorPanel, PartialErrors } from '../KratixErrorPanel';
import { KratixPageLayout } from '../KratixPageLayout';
import { LiveBadge } from '../LiveBadge';
import { DestinationsTable } from './DestinationsTable';
import { loadOverview, type Overview } from './loadOverview';
import { PromisesTable } from './PromisesTable';
import { RequestsPageTable } from './RequestsPageTable';
import { SummaryTiles } from './SummaryTiles';

const isLive = (o: Overview) =>
  (o.requests.byState.pending ?? 0) > 0 ||
  (o.requests.byState.deleting ?? 0) > 0;

/**
 * The platform overview: Promises, requests by state, Destinations and the health of
 * their worker clusters, across every configured platform.
 */
export const PlatformOverviewPage = () => {
  const api = useApi(kratixApiRef);
  // One channel per platform the overview shows, known once it loaded.
  const [channels, setChannels] = useState<string[]>([]);
  const data = usePolledAsync('overview', () => loadOverview(api), {
    isLive,
    signal: { channel: channels },
  });
  const platformNames = data.value?.platforms.map(p => p.name).join('\n');
  useEffect(() => {
    setChannels(
      platformNames
        ? platformNames
            .split('\n')
            .map(platform =>
              kratixSignalChannel({ type: 'platform', platform }),
            )
        : [],
    );
  }, [platformNames]);
  const overview = data.value;
  const demo = overview?.platforms.some(p => p.demo);
  return (
    <KratixPageLayout
      title="Kratix"
      subtitle={
        overview?.platforms.length
          ? `Platforms: ${overview.platforms.map(p => p.title).join(', ')}`
          : "Your platform's Promises, requests and Destinations"
      }
    >
      <Content>
        <ContentHeader title="Platform overview">
          <Box display="flex" style={{ gap: 8 }}>
            <LiveBadge live={data.live} pushed={data.pushed} />
            <DemoDataChip demo={demo} />
          </Box>
        </ContentHeader>
        {data.loading && <Progress />}
        {!overview && data.error && (
          <KratixErrorPanel error={data.error} what="the Kratix platforms" />
        )}
        {overview && (
          <Grid container spacing={3}>
            {overview.errors.length > 0 && (
              <Grid item xs={12}>
                <PartialErrors errors={overview.errors} />
              </Grid>
            )}
            <Grid item xs={12}>
              <SummaryTiles overview={overview} />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Promises">
                <PromisesTable
                  promises={overview.promises}
                  requests={overview.requests.byPromise}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Requests">
                <RequestsPageTable
                  label="Requests"
                  total={overview.requests.total}
                  version={data.version}
                  emptyMessage="No resource requests yet."
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Destinations">
                <DestinationsTable destinations={overview.destinations} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </Content>
    </KratixPageLayout>
  );
};
