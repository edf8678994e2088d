import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The Kratix card on the overview of any entity with `kratix.io/type`: a request's
 * status, a Promise's summary, or a Destination's readiness.
 */
export const kratixEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    type: 'content',
    // KRATIX_ANNOTATIONS.type, spelled out: the filter needs a literal key.
    filter: { 'metadata.annotations.kratix.io/type': { $exists: true } },
    loader: () =>
      import('../components/views').then(m => <m.EntityKratixCard />),
  },
});
