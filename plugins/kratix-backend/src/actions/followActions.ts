import type { Readable } from 'node:stream';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type KratixApiError,
  kratixReadPermission,
  type PipelineRun,
  type Placement,
  type ResourceRequest,
  type WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';
import type { z as zod } from 'zod/v3';
import { callerOf } from '../access/types';
import { asAgent } from './agentErrors';
import { summarizeRequestStatus } from './requestStatus';
import type { KratixActionsOptions } from './types';

const requestInput = (z: typeof zod) => ({
  platform: z.string().describe('The Kratix platform (by name).'),
  promise: z.string().describe('The Promise the request is of.'),
  namespace: z
    .string()
    .default('default')
    .describe('The namespace of the request (default: default).'),
  name: z.string().describe('The name of the request.'),
});

const REQUEST_HINTS = {
  notFound:
    'No such request that you can see: check the platform, Promise, namespace and name (kratix.list-promises lists the Promises and how many requests of each you can see); a request you may not read is not found either.',
};

/** The most a log tail answers, in bytes: an agent's context is small. */
export const MAX_LOG_BYTES = 64 * 1024;

/** Reads a log stream to its end, keeping at most `max` bytes of its end. */
async function readTail(
  stream: Readable,
  max: number,
): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    while (size > max && chunks.length) {
      const over = size - max;
      const first = chunks[0];
      cut = true;
      if (first.length <= over) {
        chunks.shift();
        size -= first.length;
      } else {
        chunks[0] = first.subarray(over);
        size -= over;
      }
    }
  }
  let text = Buffer.concat(chunks).toString('utf8');
  // Start at a whole line once the front was cut.
  if (cut) text = text.slice(text.indexOf('\n') + 1);
  return { text, cut };
}

/** The run to read a log of: the named one (Job or Pod name), else the newest. */
function pickRun(
  runs: PipelineRun[],
  wanted: string | undefined,
  what: string,
) {
  const sorted = [...runs].sort((a, b) =>
    (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
  );
  if (!sorted.length) {
    throw new NotFoundError(
      `${what} has no pipeline runs (yet): Kratix has not started its workflow, or pruned the runs. Call kratix.get-request-status to see where it stands`,
    );
  }
  if (!wanted) return sorted[0];
  const run = sorted.find(r => r.name === wanted || r.pod === wanted);
  if (!run) {
    throw new NotFoundError(
      `${what} has no pipeline run '${wanted}'; its runs, newest first: ${sorted
        .map(r => r.name)
        .join(', ')}`,
    );
  }
  return run;
}

/** The stage to read: the named one, else the failed one, else the last that ran. */
function pickStage(run: PipelineRun, wanted: string | undefined): string {
  const names = run.stages.map(s => s.name);
  if (wanted) {
    if (!names.includes(wanted)) {
      throw new InputError(
        `Run ${
          run.name
        } has no stage '${wanted}'; its stages, in order: ${names.join(', ')}`,
      );
    }
    return wanted;
  }
  const failed = run.stages.find(s => s.state === 'failed');
  if (failed) return failed.name;
  const ran = run.stages.filter(s => !['pending', 'skipped'].includes(s.state));
  const stage = ran[ran.length - 1] ?? run.stages[0];
  if (!stage) {
    throw new NotFoundError(
      `Run ${run.name} has no stages to read: its Pod cannot be read or is gone`,
    );
  }
  return stage.name;
}

/**
 * Actions on an existing request: `get-request-status` (the whole chain),
 * `tail-stage-log` and `rerun-request`.
 */
export function registerFollowActions(options: KratixActionsOptions) {
  const { actionsRegistry, services, access, auditor, logger } = options;

  actionsRegistry.register({
    name: 'get-request-status',
    title: "Get a Kratix request's status",
    description: `Where a request of a Kratix Promise stands, with its whole chain: its state and Kratix's conditions (each with what to do), its pipeline runs and their stages (reader, the Promise's stages, work-writer, status-writer), the Works its pipelines wrote, where they were placed (WorkPlacements, Destinations), the health of the worker clusters that apply them (Flux), the key error and the next step (often a tool call).
Needs the permission to read the request (kratix.request.read); worker health also needs kratix.resource.read.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object(requestInput(z)),
      output: z =>
        z.object({
          request: z.object({}).passthrough(),
          summary: z.string(),
          keyError: z
            .object({
              source: z.string(),
              message: z.string(),
              hint: z.string().optional(),
              run: z.string().optional(),
              pod: z.string().optional(),
              stage: z.string().optional(),
              destination: z.string().optional(),
            })
            .optional(),
          next: z.array(z.string()),
          conditions: z.array(z.object({}).passthrough()),
          runs: z.array(z.object({}).passthrough()),
          runsTotal: z.number(),
          works: z.array(z.object({}).passthrough()),
          placements: z.array(z.object({}).passthrough()),
          workers: z.array(z.object({}).passthrough()),
          errors: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      const { actor } = callerOf(credentials);
      return asAgent(actor, REQUEST_HINTS, async () => {
        const { platform, namespace, promise, name } = input;
        const request: ResourceRequest = await services.requests.get(
          platform,
          namespace,
          promise,
          name,
          credentials,
        );
        const errors: KratixApiError[] = [];
        const partial = async <T>(
          what: string,
          read: () => Promise<T>,
        ): Promise<T | undefined> => {
          try {
            return await read();
          } catch (error) {
            errors.push({
              platform,
              type:
                (error as Error).name === 'NotAllowedError'
                  ? 'forbidden'
                  : 'unknown',
              message: `${what}: ${(error as Error).message}`,
            });
            return undefined;
          }
        };
        const mayReadDestinations = await access
          .authorize(credentials, kratixReadPermission)
          .then(
            () => true,
            () => {
              errors.push({
                platform,
                type: 'forbidden',
                message: `The health of the workers is left out: it needs the permission ${kratixReadPermission.name}`,
              });
              return false;
            },
          );
        const [runs, placement, workers] = await Promise.all([
          partial('Pipeline runs', () =>
            services.runs.forRequest(
              platform,
              namespace,
              promise,
              name,
              credentials,
            ),
          ),
          partial('Placement', () =>
            services.placement.forRequest(
              platform,
              namespace,
              promise,
              name,
              {},
              credentials,
            ),
          ),
          mayReadDestinations
            ? Promise.all(
                request.destinations.map(destination =>
                  partial(`Worker health of Destination ${destination}`, () =>
                    services.destinations.health(platform, destination),
                  ),
                ),
              )
            : Promise.resolve([]),
        ]);
        errors.push(...(runs?.errors ?? []), ...(placement?.errors ?? []));
        const healths = workers.filter((w): w is WorkerHealth => Boolean(w));
        for (const health of healths) errors.push(...health.errors);
        const status = summarizeRequestStatus({
          request,
          runs: runs?.items ?? [],
          placement: placement as Placement | undefined,
          workers: healths,
          errors,
        });
        return { output: status as any };
      });
    },
  });

  actionsRegistry.register({
    name: 'tail-stage-log',
    title: "Tail a Kratix pipeline stage's log",
    description: `The last lines of the log of one stage (container) of a request's pipeline run: by default the newest run and its failed stage (else the last stage that ran). Stages are Kratix's reader, the Promise's own stages, work-writer and status-writer; kratix.get-request-status lists the runs and stages.
Needs the permission kratix.logs.read on the request. A log that cannot be read (the node is gone, the container has not started) answers available: false with the reason.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...requestInput(z),
          run: z
            .string()
            .optional()
            .describe(
              'The pipeline run (its Job or Pod name), as kratix.get-request-status lists them; default: the newest.',
            ),
          stage: z
            .string()
            .optional()
            .describe(
              'The stage (container) name; default: the failed stage, else the last that ran.',
            ),
          tailLines: z
            .number()
            .int()
            .min(1)
            .max(1000)
            .default(100)
            .describe('How many lines from the end (1 to 1000, default 100).'),
        }),
      output: z =>
        z.object({
          platform: z.string(),
          promise: z.string(),
          namespace: z.string(),
          name: z.string(),
          run: z.string(),
          pod: z.string(),
          podNamespace: z.string(),
          stage: z.string(),
          stages: z.array(z.string()),
          available: z.boolean(),
          lines: z.array(z.string()),
          truncated: z
            .boolean()
            .describe(
              `True when the lines were cut to ${MAX_LOG_BYTES} bytes.`,
            ),
          source: z.enum(['live', 'archive']).optional(),
          archivedAt: z.string().optional(),
          unavailable: z
            .object({ reason: z.string(), message: z.string() })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { actor } = callerOf(credentials);
      return asAgent(
        actor,
        {
          ...REQUEST_HINTS,
          notAllowed:
            'Reading stage logs needs the permission kratix.logs.read on this request; kratix.get-request-status still shows its stages and the key error without it.',
        },
        async () => {
          const { platform, namespace, promise, name } = input;
          const what = `${promise} request ${namespace}/${name} on platform ${platform}`;
          const event = await auditor.createEvent({
            eventId: 'logs-read',
            severityLevel: 'low',
            meta: { via: 'action', actor, platform, namespace, promise, name },
          });
          try {
            const runs = await services.runs.forRequest(
              platform,
              namespace,
              promise,
              name,
              credentials,
            );
            const run = pickRun(runs.items, input.run, what);
            const stage = pickStage(run, input.stage);
            if (!run.pod) {
              throw new NotFoundError(
                `Run ${run.name} of ${what} has no Pod (Kratix or Kubernetes removed it), so its stage logs cannot be read`,
              );
            }
            const base = {
              platform,
              promise,
              namespace,
              name,
              run: run.name,
              pod: run.pod,
              podNamespace: run.namespace,
              stage,
              stages: run.stages.map(s => s.name),
            };
            const log = await services.logs.read(
              platform,
              run.namespace,
              run.pod,
              stage,
              { tailLines: input.tailLines },
              // The log service checks kratix.logs.read on the request the Pod ran for.
              credentials,
            );
            if ('logsUnavailable' in log) {
              await event.success({
                meta: { pod: run.pod, stage, logsUnavailable: log.reason },
              });
              return {
                output: {
                  ...base,
                  available: false,
                  lines: [],
                  truncated: false,
                  unavailable: { reason: log.reason, message: log.message },
                },
              };
            }
            const { text, cut } = await readTail(log.stream, MAX_LOG_BYTES);
            await event.success({ meta: { pod: run.pod, stage } });
            const lines = text.split(/\r?\n/);
            if (lines[lines.length - 1] === '') lines.pop();
            return {
              output: {
                ...base,
                available: true,
                lines,
                truncated: cut,
                source: log.archived ? ('archive' as const) : ('live' as const),
                ...(log.archived
                  ? { archivedAt: log.archived.archivedAt }
                  : {}),
              },
            };
          } catch (error) {
            await event.fail({ error: error as Error });
            throw error;
          }
        },
      );
    },
  });

  actionsRegistry.register({
    name: 'rerun-request',
    title: "Re-run a Kratix request's workflow",
    description: `Asks Kratix to run the configure workflow of a request again (Kratix's kratix.io/manual-reconciliation label), for example after fixing what made a stage fail. Recorded on the request (who, when) and audited. A paused request runs once it is resumed.
Needs the permission kratix.resource.rerun on the request. Follow the new run with kratix.get-request-status.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z => z.object(requestInput(z)),
      output: z =>
        z.object({
          platform: z.string(),
          operation: z.string(),
          target: z.object({
            kind: z.string(),
            apiVersion: z.string(),
            name: z.string(),
            namespace: z.string().optional(),
          }),
          by: z.string(),
          at: z.string(),
          message: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = callerOf(credentials);
      return asAgent(
        caller.actor,
        {
          ...REQUEST_HINTS,
          notAllowed:
            'Re-running needs the permission kratix.resource.rerun on this request.',
        },
        async () => {
          const target = { kind: 'request' as const, ...input };
          const meta = {
            operation: 'rerun',
            via: 'action',
            actor: caller.actor,
            ...target,
          };
          const event = await auditor.createEvent({
            eventId: 'workflow-rerun',
            severityLevel: 'medium',
            meta,
          });
          try {
            const result = await services.operations.run(
              'rerun',
              target,
              caller,
            );
            await event.success({ meta });
            logger.info(`Kratix rerun by ${caller.actor} (action)`, meta);
            return {
              output: {
                platform: result.platform,
                operation: result.operation,
                target: result.target,
                by: result.by,
                at: result.at,
                message: result.message,
              },
            };
          } catch (error) {
            await event.fail({ error: error as Error, meta });
            throw error;
          }
        },
      );
    },
  });
}
