import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import { crdSchemaToFormSchema } from './crdSchemaToFormSchema';
import { baseMetadata, type KratixEntityContext } from './entityContext';
import { ENTITY_NAMESPACE, templateEntityName } from './entityNames';
import { promiseEntityRef } from './toPromiseEntity';

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/**
 * The Software Template that requests a resource from a Promise: a name and namespace
 * step, a form generated from the stored version's `spec` schema, a "Preview" step
 * (unless `ctx.templatePreview` is false), then the `kratix:resource:create` and
 * `kratix:resource:wait` actions. Undefined for a Promise without an API.
 *
 * @public
 */
export function toTemplateEntity(
  ctx: KratixEntityContext,
  promise: KubeObject,
): Entity | undefined {
  const promiseName = promise.metadata?.name;
  const api = readPromiseApi(promise);
  if (!api || !promiseName) return undefined;
  const spec = (api.schema as any)?.properties?.spec;
  const specForm = spec
    ? crdSchemaToFormSchema(spec, `${api.kind} spec`)
    : undefined;
  const hasSpecForm =
    specForm?.properties && Object.keys(specForm.properties).length > 0;
  const platform = ctx.platform.name;
  const parameters: JsonObject[] = [
    {
      title: 'Name and namespace',
      required: ['name', 'namespace'],
      properties: {
        name: {
          title: 'Name',
          type: 'string',
          description: `Name of the ${api.kind} request (a DNS-1123 label).`,
          pattern: DNS_LABEL,
          maxLength: 63,
          'ui:autofocus': true,
        },
        namespace: {
          title: 'Namespace',
          type: 'string',
          description: 'Kubernetes namespace of the request on the platform.',
          default: 'default',
          pattern: DNS_LABEL,
          maxLength: 63,
        },
      },
    },
  ];
  if (hasSpecForm) {
    parameters.push({
      title: `${api.kind} settings`,
      ...(specForm.required ? { required: ['spec'] } : {}),
      properties: { spec: specForm },
    });
  }
  const target = { platform, promise: promiseName };
  if (ctx.templatePreview ?? true) {
    // Read-only: the frontend's field shows what Kratix would write for the name,
    // namespace and spec of the previous steps (formContext.formData). Type null, so the
    // form sends no value and the steps ignore it.
    parameters.push({
      title: 'Preview',
      description: `What Kratix would write for this ${api.kind}, before it is requested.`,
      properties: {
        preview: {
          type: 'null',
          title: 'What Kratix will write',
          'ui:field': 'KratixRequestPreview',
          'ui:options': { ...target },
        },
      },
    });
  }
  const base = baseMetadata(
    ctx,
    `Request a ${api.kind} from the Kratix Promise ${promiseName} on ${ctx.platform.title}.`,
  );
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: templateEntityName(platform, promiseName),
      namespace: ENTITY_NAMESPACE,
      title: `${promiseName} (${ctx.platform.title})`,
      ...base,
      tags: [...base.tags!, 'kratix-template'],
      annotations: {
        ...base.annotations,
        [KRATIX_ANNOTATIONS.promiseName]: promiseName,
        [KRATIX_ANNOTATIONS.group]: api.group,
        [KRATIX_ANNOTATIONS.version]: api.version,
        [KRATIX_ANNOTATIONS.kind]: api.kind,
        'kratix.io/promise-entity': promiseEntityRef(platform, promiseName),
      },
    },
    spec: {
      owner: ctx.defaultOwner,
      type: 'kratix-resource',
      parameters,
      steps: [
        {
          id: 'create',
          name: `Request ${api.kind}`,
          action: 'kratix:resource:create',
          input: {
            ...target,
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
            spec: hasSpecForm ? '${{ parameters.spec }}' : {},
          },
        },
        {
          id: 'wait',
          name: 'Wait for Kratix',
          action: 'kratix:resource:wait',
          input: {
            ...target,
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
          },
        },
      ],
      output: {
        links: [
          ctx.requestsInCatalog?.(promise) === false
            ? {
                // Its requests have no catalog entity: the Kratix plugin's page.
                title: 'Open the request in Kratix',
                icon: 'kind:resource',
                url: `/kratix/platforms/${platform}/requests/\${{ parameters.namespace }}/${promiseName}/\${{ parameters.name }}`,
              }
            : {
                title: 'Open the request in the catalog',
                icon: 'catalog',
                entityRef: '${{ steps.create.output.entityRef }}',
              },
        ],
      },
    },
  };
}
