import { InputError } from '@backstage/errors';
import {
  kratixReadPermission,
  type PromiseDetail,
} from '@kratix-backstage/plugin-kratix-common';
import { callerOf } from '../access/types';
import { asAgent } from './agentErrors';
import {
  exampleOf,
  type JsonSchema,
  openApiToJsonSchema,
  requiredFieldPaths,
} from './openApiToJsonSchema';
import type { KratixActionsOptions } from './types';

/** The one line about a Promise's API: its schema's description, else what it makes. */
export function describeApi(promise: PromiseDetail): string {
  const schema = promise.apiSchema as
    | { description?: string; properties?: { spec?: { description?: string } } }
    | undefined;
  const own = schema?.description ?? schema?.properties?.spec?.description;
  if (own) {
    const first = own.trim().split(/\r?\n/)[0];
    return first.length > 300 ? `${first.slice(0, 299)}…` : first;
  }
  return promise.api
    ? `Kratix Promise ${promise.name}: requests of kind ${promise.api.kind} (${promise.api.apiVersion}).`
    : `Kratix Promise ${promise.name} has no API: it installs dependencies only and takes no requests.`;
}

/** The spec part of a Promise's API schema. */
function specSchemaOf(promise: PromiseDetail): unknown {
  return (promise.apiSchema as { properties?: { spec?: unknown } } | undefined)
    ?.properties?.spec;
}

/**
 * `list-promises` and `describe-promise-api`: what an agent reads before asking for
 * anything.
 */
export function registerPromiseActions(options: KratixActionsOptions) {
  const { actionsRegistry, services, access } = options;

  actionsRegistry.register({
    name: 'list-promises',
    title: 'List Kratix Promises',
    description: `Lists the Promises (services a platform team offers through Kratix) of every configured Kratix platform, with a summary of each one's API: the platform, the Promise's name, the kind and group/version of its requests, the spec fields a request must set, a short description and how many requests of it you can see.
Start here: call kratix.describe-promise-api for the full schema of one Promise, then kratix.validate-request and kratix.create-request.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z
            .string()
            .optional()
            .describe('Only the Promises of this Kratix platform (by name).'),
        }),
      output: z =>
        z.object({
          promises: z
            .array(
              z.object({
                platform: z.string(),
                name: z.string().describe('The Promise name.'),
                demo: z
                  .boolean()
                  .optional()
                  .describe('True on the built-in demo platform.'),
                description: z.string(),
                takesRequests: z
                  .boolean()
                  .describe('False for Promises without an API.'),
                kind: z.string().optional(),
                group: z.string().optional(),
                version: z.string().optional(),
                apiVersion: z.string().optional(),
                requiredFields: z
                  .array(z.string())
                  .describe('Spec fields a request must set, as paths.'),
                requests: z
                  .number()
                  .describe('How many requests of it you can see.'),
                status: z
                  .string()
                  .describe('Available when it takes requests now.'),
                paused: z.boolean(),
              }),
            )
            .describe('Sorted by platform, then name.'),
          errors: z
            .array(
              z.object({
                platform: z.string(),
                cluster: z.string().optional(),
                type: z.string(),
                message: z.string(),
                statusCode: z.number().optional(),
              }),
            )
            .describe(
              'What could not be read (a platform, a Promise), and why.',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { actor } = callerOf(credentials);
      return asAgent(actor, {}, async () => {
        await access.authorize(credentials, kratixReadPermission);
        const [listed, summary] = await Promise.all([
          services.promises.list({ platform: input.platform }),
          services.requests.summary({ platform: input.platform }, credentials),
        ]);
        const counts = new Map(
          summary.byPromise.map(c => [`${c.platform}/${c.promise}`, c.total]),
        );
        const errors = [...listed.errors];
        const details = await Promise.all(
          listed.items.map(p =>
            services.promises.get(p.platform, p.name).catch(error => {
              errors.push({
                platform: p.platform,
                type: 'unknown',
                message: `Promise ${p.name}: ${(error as Error).message}`,
              });
              return undefined;
            }),
          ),
        );
        const promises = details.flatMap(detail => {
          if (!detail) return [];
          const api = detail.api;
          return [
            {
              platform: detail.platform,
              name: detail.name,
              ...(detail.demo ? { demo: true } : {}),
              description: describeApi(detail),
              takesRequests: Boolean(api),
              ...(api
                ? {
                    kind: api.kind,
                    group: api.group,
                    version: api.version,
                    apiVersion: api.apiVersion,
                  }
                : {}),
              requiredFields: requiredFieldPaths(specSchemaOf(detail), 'spec'),
              requests: counts.get(`${detail.platform}/${detail.name}`) ?? 0,
              status: detail.status,
              paused: detail.paused,
            },
          ];
        });
        return {
          output: {
            promises,
            errors: [...errors, ...summary.errors],
          },
        };
      });
    },
  });

  actionsRegistry.register({
    name: 'describe-promise-api',
    title: "Describe a Kratix Promise's API",
    description: `The API of one Kratix Promise as a JSON schema (draft-07): what the spec of a request may and must hold (types, required fields, enums, bounds, patterns, defaults, descriptions), the kind and apiVersion of its requests, and an example of the input kratix.create-request takes.
Fields the schema does not name are refused (Kubernetes would drop them silently).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z.string().describe('The Kratix platform (by name).'),
          promise: z.string().describe('The Promise name.'),
        }),
      output: z =>
        z.object({
          platform: z.string(),
          promise: z.string(),
          description: z.string(),
          kind: z.string(),
          group: z.string(),
          version: z.string(),
          apiVersion: z.string(),
          plural: z.string().optional(),
          specSchema: z
            .record(z.unknown())
            .describe('JSON schema (draft-07) of the spec of a request.'),
          requiredFields: z.array(z.string()),
          example: z
            .record(z.unknown())
            .describe(
              'An input for kratix.validate-request and kratix.create-request: defaults, examples and placeholders for required fields.',
            ),
          status: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { actor } = callerOf(credentials);
      return asAgent(actor, {}, async () => {
        await access.authorize(credentials, kratixReadPermission);
        const detail = await services.promises.get(
          input.platform,
          input.promise,
        );
        if (!detail.api) {
          throw new InputError(
            `Promise '${detail.name}' on platform '${detail.platform}' has no API: it installs dependencies only and takes no requests`,
          );
        }
        const specSchema = specSchemaOf(detail) ?? {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        };
        return {
          output: {
            platform: detail.platform,
            promise: detail.name,
            description: describeApi(detail),
            kind: detail.api.kind,
            group: detail.api.group,
            version: detail.api.version,
            apiVersion: detail.api.apiVersion,
            ...(detail.api.plural ? { plural: detail.api.plural } : {}),
            specSchema: openApiToJsonSchema(specSchema) as JsonSchema,
            requiredFields: requiredFieldPaths(specSchema, 'spec'),
            example: {
              platform: detail.platform,
              promise: detail.name,
              name: `my-${detail.name}`.slice(0, 63).replace(/-+$/, ''),
              namespace: 'default',
              spec: (exampleOf({ type: 'object', ...(specSchema as object) }) ??
                {}) as Record<string, unknown>,
            },
            status: detail.status,
          },
        };
      });
    },
  });
}
