import { LinkButton } from '@backstage/core-components';
import { useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_SYNTASSO_ANNOTATIONS,
} from '@kratix-backstage/plugin-kratix-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import AddCircleOutline from '@material-ui/icons/AddCircleOutline';
import useAsync from 'react-use/esm/useAsync';
import { createTemplateRouteRef } from '../../routes';

/**
 * A button to the scaffolder Template generated for a Promise: the catalog Template
 * whose `kratix.io/promise-name` (and, when set, `kratix.io/platform`) match, or the one
 * the Promise's entity names in `kratix.io/backstage-promise-template`. Disabled,
 * saying why, when there is none.
 */
export const PromiseTemplateButton = (props: {
  platform: string;
  promise: string;
}) => {
  const { platform, promise } = props;
  const catalogApi = useApiHolder().get(catalogApiRef);
  const templateRoute = useRouteRef(createTemplateRouteRef);
  const { value: template, loading } = useAsync(async () => {
    if (!catalogApi) return undefined;
    const byPromise = `metadata.annotations.${KRATIX_ANNOTATIONS.promiseName}`;
    const { items } = await catalogApi.getEntities({
      filter: [
        { kind: 'Template', [byPromise]: promise },
        {
          [`metadata.annotations.${KRATIX_ANNOTATIONS.type}`]: 'promise',
          [byPromise]: promise,
        },
      ],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    });
    const onPlatform = (e: Entity) => {
      const p = e.metadata.annotations?.[KRATIX_ANNOTATIONS.platform];
      return !p || p === platform;
    };
    const found = items.find(e => e.kind === 'Template' && onPlatform(e));
    if (found) {
      return {
        namespace: found.metadata.namespace ?? 'default',
        name: found.metadata.name,
      };
    }
    // Syntasso's convention: the Promise entity names its Template.
    const promiseEntity = items.find(
      e => e.kind !== 'Template' && onPlatform(e),
    );
    const named =
      promiseEntity?.metadata.annotations?.[
        KRATIX_SYNTASSO_ANNOTATIONS.promiseTemplate
      ];
    return named
      ? {
          namespace: promiseEntity?.metadata.namespace ?? 'default',
          name: named,
        }
      : undefined;
  }, [catalogApi, platform, promise]);

  if (loading) return null;
  if (template && templateRoute) {
    return (
      <LinkButton
        to={templateRoute({
          namespace: template.namespace,
          templateName: template.name,
        })}
        variant="contained"
        color="primary"
        size="small"
        startIcon={<AddCircleOutline />}
      >
        Request {promise}
      </LinkButton>
    );
  }
  return (
    <Tooltip
      title={
        templateRoute
          ? `No Template for Promise ${promise} in the catalog yet: the Kratix catalog sync generates one (annotated ${KRATIX_ANNOTATIONS.promiseName}: ${promise}).`
          : 'This app has no scaffolder to open a Template in.'
      }
    >
      <span>
        <Button
          variant="contained"
          color="primary"
          size="small"
          disabled
          startIcon={<AddCircleOutline />}
        >
          Request {promise}
        </Button>
      </span>
    </Tooltip>
  );
};
