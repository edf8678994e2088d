import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
import { catalogModuleKratixEntityProvider } from './catalogModuleKratixEntityProvider';

describe('catalogModuleKratixEntityProvider', () => {
  it('adds one provider per platform with a global-scope schedule from config', async () => {
    const providers: EntityProvider[] = [];
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (p: EntityProvider | EntityProvider[]) =>
              providers.push(...[p].flat()),
          },
        ],
      ],
      features: [
        catalogModuleKratixEntityProvider,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              demo: { enabled: true },
              catalog: {
                schedule: {
                  frequency: { minutes: 2 },
                  timeout: { minutes: 3 },
                },
              },
            },
          },
        }),
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'kratix-provider:demo',
    ]);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 2 },
      timeout: { minutes: 3 },
      scope: 'global',
    });
  });

  it('adds nothing when disabled', async () => {
    const providers: EntityProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (p: EntityProvider | EntityProvider[]) =>
              providers.push(...[p].flat()),
          },
        ],
      ],
      features: [
        catalogModuleKratixEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            kratix: { demo: { enabled: true }, catalog: { enabled: false } },
          },
        }),
      ],
    });
    expect(providers).toEqual([]);
  });
});
