import {
  type AuditorService,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { kratixPlugin } from '../plugin';
import { createDemoPlatform } from '@kratix-backstage/plugin-kratix-backend-module-demo';
import {
  kratixPlatformsOf,
  kratixPlatformsServiceRef,
  type KratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';

/** The demo platform's clock in router tests. */
export const NOW = Date.parse('2026-11-17T12:00:00Z');

/** Serves the given platforms instead of the configured ones. */
export function platformsFactory(platforms: () => KratixPlatform[]) {
  return createServiceFactory({
    service: kratixPlatformsServiceRef,
    deps: {},
    factory: () => kratixPlatformsOf(platforms()),
  });
}

/** The demo platform on a clock the test controls. */
export function demoPlatform(clock: () => number = () => NOW) {
  return createDemoPlatform({
    name: 'demo',
    title: 'Kratix workshop (demo data)',
    clock,
  });
}

/** Permissions that allow only the named ones (`all` allows everything). */
export function permissionsAllowing(allowed: string[] | 'all') {
  return permissionsDeciding(permission =>
    allowed === 'all' || allowed.includes(permission.name)
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY },
  );
}

/**
 * Permissions decided by a policy-like function (conditional decisions included), for
 * both `authorize` and `authorizeConditional`; `authorize` with a resource ref is not
 * what the plugin asks.
 */
export function permissionsDeciding(
  decide: (
    permission: Permission,
    credentials: BackstageCredentials,
  ) => PolicyDecision,
) {
  const definitive = (decision: PolicyDecision) => {
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      throw new Error('authorize answered a conditional decision');
    }
    return decision;
  };
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => definitive(decide(r.permission, options!.credentials))),
    authorizeConditional: async (queries, options) =>
      queries.map(q => decide(q.permission, options!.credentials)),
  }).factory;
}

/** An auditor that records each event and how it ended. */
export function recordingAuditor() {
  const events: Array<{
    eventId: string;
    severityLevel?: string;
    meta?: unknown;
    outcome?: string;
  }> = [];
  const auditor: Partial<AuditorService> = {
    async createEvent(options) {
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'success';
        },
        async fail({ error }) {
          event.outcome = `fail: ${error.message}`;
        },
      };
    },
  };
  return { events, factory: mockServices.auditor.mock(auditor).factory };
}

/** A test backend with the Kratix plugin and the demo platform. */
export async function startKratixBackend(
  options: {
    features?: any[];
    clock?: () => number;
    platforms?: () => KratixPlatform[];
  } = {},
) {
  return startTestBackend({
    features: [
      kratixPlugin,
      platformsFactory(
        options.platforms ?? (() => [demoPlatform(options.clock)]),
      ),
      ...(options.features ?? []),
    ],
  });
}
