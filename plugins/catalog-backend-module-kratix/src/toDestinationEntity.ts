import type { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { baseMetadata, type KratixEntityContext } from './entityContext';
import { destinationEntityName, ENTITY_NAMESPACE } from './entityNames';

/**
 * A Destination as a Resource of type `kratix-destination`: infrastructure that Kratix
 * schedules workloads to.
 *
 * @public
 */
export function toDestinationEntity(
  ctx: KratixEntityContext,
  destination: KubeObject,
): Entity {
  const name = destination.metadata?.name;
  if (!name) throw new Error('Destination without metadata.name');
  const base = baseMetadata(ctx, `Kratix Destination ${name}.`);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: destinationEntityName(ctx.platform.name, name),
      namespace: ENTITY_NAMESPACE,
      title: `${name} (${ctx.platform.title})`,
      ...base,
      tags: [...base.tags!, 'kratix-destination'],
      annotations: {
        ...base.annotations,
        [KRATIX_ANNOTATIONS.type]: 'destination',
        [KRATIX_ANNOTATIONS.destinationName]: name,
        [KRATIX_ANNOTATIONS.name]: name,
      },
    },
    spec: { type: 'kratix-destination', owner: ctx.defaultOwner },
  };
}
