import {
  Content,
  ErrorPanel,
  Header,
  Page,
  Progress,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api';

/** The platform overview: for now, whether the Kratix backend answers. */
export const PlatformOverviewPage = () => {
  const kratixApi = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(() => kratixApi.getHealth(), [
    kratixApi,
  ]);

  return (
    <Page themeId="tool">
      <Header title="Kratix" subtitle="Your platform's Promises, requests and Destinations" />
      <Content>
        {loading && <Progress />}
        {error && <ErrorPanel title="The Kratix backend did not answer" error={error} />}
        {value && <StatusOK>Kratix backend: {value.status}</StatusOK>}
      </Content>
    </Page>
  );
};
