import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
// The module runs on the platforms service that the backend plugin provides.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { kratixPlatformsServiceFactory } from '@kratix-backstage/plugin-kratix-backend';
import demoModule from '@kratix-backstage/plugin-kratix-backend-module-demo';
import catalogModuleKratix from '.';

describe('the Kratix catalog module', () => {
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
        catalogModuleKratix,
        kratixPlatformsServiceFactory,
        demoModule,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
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
        catalogModuleKratix,
        kratixPlatformsServiceFactory,
        demoModule,
        mockServices.rootConfig.factory({
          data: {
            kratix: { catalog: { enabled: false } },
          },
        }),
      ],
    });
    expect(providers).toEqual([]);
  });

  it('says which package to add when the Kratix backend plugin is missing', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: () => {} }],
        ],
        features: [catalogModuleKratix],
      }),
    ).rejects.toThrow(
      "The Kratix platforms service is provided by '@kratix-backstage/plugin-kratix-backend': add it to your backend",
    );
  });
});
