import { Content } from '@backstage/core-components';
import { useNavigate, useParams } from 'react-router-dom';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { DestinationView } from '../DestinationView';
import { KratixPageLayout } from '../KratixPageLayout';
import { PromiseView } from '../PromiseView';
import { RequestView } from '../RequestView';

/** `/kratix/platforms/:platform/requests/:namespace/:promise/:name` */
export const RequestPage = () => {
  const {
    platform = '',
    namespace = '',
    promise = '',
    name = '',
  } = useParams();
  const links = useKratixLinks();
  const navigate = useNavigate();
  return (
    <KratixPageLayout
      type="Kratix"
      title={`${namespace}/${name}`}
      subtitle={`${promise} request on platform ${platform}`}
    >
      <Content>
        <RequestView
          requestRef={{ platform, namespace, promise, name }}
          onDeleted={() => links && navigate(links.overview)}
        />
      </Content>
    </KratixPageLayout>
  );
};

/** `/kratix/platforms/:platform/promises/:promise` */
export const PromisePage = () => {
  const { platform = '', promise = '' } = useParams();
  return (
    <KratixPageLayout
      type="Kratix"
      title={promise}
      subtitle={`Promise on platform ${platform}`}
    >
      <Content>
        <PromiseView promiseRef={{ platform, name: promise }} />
      </Content>
    </KratixPageLayout>
  );
};

/** `/kratix/platforms/:platform/destinations/:destination` */
export const DestinationPage = () => {
  const { platform = '', destination = '' } = useParams();
  return (
    <KratixPageLayout
      type="Kratix"
      title={destination}
      subtitle={`Destination on platform ${platform}`}
    >
      <Content>
        <DestinationView destinationRef={{ platform, name: destination }} />
      </Content>
    </KratixPageLayout>
  );
};
