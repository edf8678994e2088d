import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Kratix" tab of any entity with `kratix.io/type`: request, Promise or
 * Destination, each with its own view.
 */
export const kratixEntityContent = EntityContentBlueprint.make({
  name: 'kratix',
  params: {
    path: '/kratix',
    title: 'Kratix',
    // KRATIX_ANNOTATIONS.type, spelled out: the filter needs a literal key.
    filter: { 'metadata.annotations.kratix.io/type': { $exists: true } },
    loader: () =>
      import('../components/views').then(m => <m.EntityKratixContent />),
  },
});
