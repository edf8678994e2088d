import type { KratixCaller } from '../access/types';
import { randomBytes } from 'node:crypto';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  KRATIX_LABELS,
  KRATIX_PLATFORM_GROUP,
  KRATIX_PLATFORM_VERSION,
  KRATIX_REQUESTER_ANNOTATION,
  type PreviewFile,
  type RequestPreview,
} from '@kratix-backstage/plugin-kratix-common';
import {
  decodeWorkload,
  type KratixPlatform,
  type KratixWriteOptions,
  type KratixPlatforms,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '../cluster/errors';
import {
  type KratixWriteIdentity,
  serviceOnlyWriteIdentity,
} from '../identity/KratixWriteIdentity';
import { forbiddenWrite, writeOnPlatform } from '../identity/writeOnPlatform';
import { findCondition, origin, readConditions } from './mapping/common';
import { contextOf, onPlatform, requirePlatform } from './platformAccess';
import { findPromise } from './PromiseService';
import type {
  NewResourceRequest,
  RequestCreationService,
} from './RequestCreationService';

/**
 * How long a preview waits for Kratix's DryRun, in milliseconds.
 *
 * @public
 */
export interface PreviewTimings {
  /** For any sign of a DryRun controller (a status, the ephemeral request). */
  answerMs: number;
  /** For the DryRun's `Completed` condition, once a controller answered. */
  completionMs: number;
  /** Between two reads of the DryRun. */
  pollMs: number;
  /** For the dry-run Works to reach the watch cache after `Completed`. */
  worksMs: number;
  /** How long a platform whose DryRun did not answer is previewed server-side. */
  rememberUnansweredMs: number;
}

const DEFAULT_TIMINGS: PreviewTimings = {
  answerMs: 15_000,
  completionMs: 120_000,
  pollMs: 1_000,
  worksMs: 5_000,
  rememberUnansweredMs: 10 * 60_000,
};

/**
 * A request to preview: what `POST .../requests` takes.
 *
 * @public
 */
export type RequestPreviewInput = Omit<
  NewResourceRequest,
  'dryRun' | 'updateExisting'
>;

type DryRunOutcome =
  | { kind: 'completed'; dryRun: KubeObject; ephemeral?: string }
  | { kind: 'failed'; dryRun: KubeObject; message: string }
  | { kind: 'timed-out'; answered: boolean };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function dryRunName(requestName: string): string {
  const base = requestName.slice(0, 40).replace(/[^a-z0-9]+$/, '');
  return `${base}-preview-${randomBytes(3).toString('hex')}`;
}

/** The object as admitted, without what only a stored object has. */
function admitted(object: KubeObject): RequestPreview['object'] {
  const { name, namespace, labels, annotations } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels && Object.keys(labels).length ? { labels } : {}),
      ...(annotations && Object.keys(annotations).length
        ? { annotations }
        : {}),
    },
    spec: { ...(object.spec ?? {}) },
  };
}

function filesOf(work: KubeObject): PreviewFile[] {
  const pipeline = work.metadata.labels?.[KRATIX_LABELS.pipelineName];
  const files: PreviewFile[] = [];
  for (const group of work.spec?.workloadGroups ?? []) {
    for (const workload of group?.workloads ?? []) {
      let content: string;
      try {
        content = decodeWorkload(String(workload?.content ?? ''));
      } catch {
        content = String(workload?.content ?? '');
      }
      files.push({
        path: String(workload?.filepath ?? ''),
        ...(pipeline ? { pipeline } : {}),
        directory: String(group?.directory ?? '.'),
        content,
      });
    }
  }
  return files;
}

/**
 * Previews a resource request before it is made. With Kratix's DryRun (platforms that
 * serve it and answer it): the files the Promise's pipelines would write, and Kratix's
 * summary of what would change; else the API server's dry run (validation and defaults,
 * no files). The note says which ran, and why. Nothing is kept: the DryRun is deleted
 * afterwards (Kubernetes then removes its ephemeral request and Works).
 *
 * The DryRun is created, read and deleted as the caller on platforms that write as the
 * user (impersonation), else with the backend's own credentials; either way after the
 * caller's permission to create requests was checked.
 *
 * @public
 */
export class RequestPreviewService {
  private readonly timings: PreviewTimings;
  private readonly now: () => number;
  private readonly identity: KratixWriteIdentity;
  /** Platforms whose DryRun did not answer: previewed server-side until `until`. */
  private readonly unanswered = new Map<
    string,
    { since: number; until: number }
  >();

  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly creation: RequestCreationService,
    options: {
      timings?: Partial<PreviewTimings>;
      now?: () => number;
      /** Who writes reach each platform as (the caller, on platforms that write as the user). */
      identity?: KratixWriteIdentity;
    } = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.identity = options.identity ?? serviceOnlyWriteIdentity;
  }

  async preview(
    input: RequestPreviewInput,
    caller: KratixCaller,
  ): Promise<RequestPreview> {
    const requester = caller.actor;
    const platform = requirePlatform(this.platforms, input.platform);
    const promise = await findPromise(platform, input.promise);
    const existing = await onPlatform(platform, () =>
      platform.kratix.getRequest(promise, input.namespace, input.name),
    );
    // The API server's dry run first: it validates the input (schema, admission) and
    // applies defaults before anything is created, and gives the previewed object.
    const server = await this.creation.create(
      { ...input, dryRun: true, updateExisting: Boolean(existing) },
      caller,
    );
    const object = admitted(server.object);
    const base = { ...origin(contextOf(platform)), object, files: [] };
    const serverPreview = (note: string): RequestPreview => ({
      ...base,
      method: 'server-dry-run',
      note,
    });
    const serverDid =
      'the API server validated the request and applied its defaults (a server-side dry run); no pipeline ran, so there are no files to show';

    const mode = platform.dryRun ?? 'auto';
    if (mode === 'server') {
      return serverPreview(
        `Platform '${platform.name}' is set to preview with the API server (dryRun: server): ${serverDid}.`,
      );
    }
    const served = await platform.kratix
      .optionalKinds()
      .then(k => k.dryRuns)
      .catch(() => false);
    if (!served) {
      if (mode === 'kratix') {
        throw new ServiceUnavailableError(
          `Platform '${platform.name}' is set to preview with Kratix's DryRun (dryRun: kratix), but it does not serve DryRuns (${KRATIX_PLATFORM_GROUP}/${KRATIX_PLATFORM_VERSION} dryruns): install a Kratix with the DryRun CRD, or set dryRun to auto or server`,
        );
      }
      return serverPreview(
        `Platform '${platform.name}' does not serve Kratix's DryRun (its Kratix has no DryRun CRD), so ${serverDid}.`,
      );
    }
    const silent = this.unanswered.get(platform.name);
    if (mode === 'auto' && silent && silent.until > this.now()) {
      return serverPreview(
        `Kratix's DryRun on platform '${
          platform.name
        }' did not answer at ${new Date(
          silent.since,
        ).toISOString()} (is featureFlags.dryRun on in Kratix's config?), so until ${new Date(
          silent.until,
        ).toISOString()} ${serverDid}.`,
      );
    }

    const name = dryRunName(input.name);
    const dryRunRef = { name, namespace: input.namespace };
    const as = await this.identity.writeOptions(platform, caller);
    const what = `create a DryRun of ${input.promise} request '${input.namespace}/${input.name}'`;
    let created = false;
    try {
      try {
        await platform.kratix.createDryRun(
          {
            apiVersion: `${KRATIX_PLATFORM_GROUP}/${KRATIX_PLATFORM_VERSION}`,
            kind: 'DryRun',
            metadata: {
              ...dryRunRef,
              labels: {
                [KRATIX_LABELS.promiseName]: input.promise,
                'app.kubernetes.io/created-by': 'backstage-kratix',
              },
              annotations: { [KRATIX_REQUESTER_ANNOTATION]: requester },
            },
            spec: {
              promiseRef: { name: input.promise },
              resourceRequestRef: {
                name: input.name,
                namespace: input.namespace,
              },
              resource: object.spec,
            },
          },
          as,
        );
        created = true;
      } catch (error) {
        if (mode === 'kratix') {
          return await writeOnPlatform(platform, what, as, () =>
            Promise.reject(error),
          );
        }
        const refused =
          forbiddenWrite(platform, what, as, error)?.message ??
          toKratixClusterError(error, platform.kratix.cluster).message;
        return serverPreview(
          `Kratix's DryRun could not be created on platform '${platform.name}' (${refused}), so ${serverDid}.`,
        );
      }

      const outcome = await this.follow(platform, promise, dryRunRef, as);
      if (
        outcome.kind === 'timed-out' &&
        !outcome.answered &&
        mode === 'auto'
      ) {
        const since = this.now();
        this.unanswered.set(platform.name, {
          since,
          until: since + this.timings.rememberUnansweredMs,
        });
        return serverPreview(
          `Kratix's DryRun on platform '${
            platform.name
          }' was not answered within ${seconds(
            this.timings.answerMs,
          )}: no controller gave it a status or an ephemeral request (is featureFlags.dryRun on in Kratix's config?). So ${serverDid}; the DryRun is tried again in ${Math.round(
            this.timings.rememberUnansweredMs / 60_000,
          )} minutes.`,
        );
      }
      if (outcome.kind === 'timed-out') {
        // Kratix places a DryRun's Works only on Destinations labelled
        // kratix.io/dry-run: "true", and completes it only once they are placed.
        const dryRunDestinations = (
          await platform.kratix.listDestinations().catch(() => [])
        ).filter(d => d.metadata.labels?.[KRATIX_LABELS.dryRun] === 'true');
        const within = (ms: number) =>
          `Kratix's DryRun did not finish within ${seconds(ms)}`;
        let note = `Kratix's DryRun was not answered within ${seconds(
          this.timings.answerMs,
        )}: no controller gave it a status or an ephemeral request (is featureFlags.dryRun on in Kratix's config?).`;
        if (outcome.answered && dryRunDestinations.length === 0) {
          note = `${within(this.timings.completionMs)}, and platform '${
            platform.name
          }' has no Destination labelled ${
            KRATIX_LABELS.dryRun
          }: "true": Kratix places a DryRun's output only there, so it cannot finish. Add a dry-run Destination (its own path in a state store) to preview files.`;
        } else if (outcome.answered) {
          note = `${within(
            this.timings.completionMs,
          )}: the Promise's pipelines are still running, or stuck; try again, or look at the DryRun's ephemeral request's pipeline.`;
        }
        return {
          ...base,
          method: 'kratix-dry-run',
          note,
          dryRun: { ...dryRunRef, state: 'timed-out' },
        };
      }
      if (outcome.kind === 'failed') {
        return {
          ...base,
          method: 'kratix-dry-run',
          note: `Kratix's DryRun ran the Promise's pipelines for this input, and they failed: ${outcome.message}`,
          dryRun: { ...dryRunRef, state: 'failed', message: outcome.message },
        };
      }
      const { files, summary } = await this.output(
        platform,
        input.promise,
        name,
        outcome.ephemeral,
      );
      const pipelines = new Set(files.map(f => f.pipeline ?? ''));
      const message = findCondition(
        readConditions(outcome.dryRun),
        'Completed',
      )?.message;
      return {
        ...base,
        method: 'kratix-dry-run',
        note: `Kratix's DryRun ran the Promise's pipelines for this input without placing anything: ${
          files.length
        } file${files.length === 1 ? '' : 's'} from ${pipelines.size} pipeline${
          pipelines.size === 1 ? '' : 's'
        }.`,
        files,
        ...(summary !== undefined ? { summary } : {}),
        dryRun: {
          ...dryRunRef,
          state: 'completed',
          ...(message ? { message } : {}),
        },
      };
    } finally {
      if (created) {
        await platform.kratix
          .deleteDryRun(dryRunRef.namespace, dryRunRef.name, as)
          .catch(() => undefined);
      }
    }
  }

  /** Reads the DryRun until it completes, fails, or nobody answers it in time. */
  private async follow(
    platform: KratixPlatform,
    promise: KubeObject,
    ref: { name: string; namespace: string },
    as: KratixWriteOptions,
  ): Promise<DryRunOutcome> {
    const start = this.now();
    let answered = false;
    let ephemeral: string | undefined;
    for (;;) {
      const dryRun = await onPlatform(platform, () =>
        platform.kratix.getDryRun(ref.namespace, ref.name, as),
      );
      if (dryRun) {
        const completed = findCondition(readConditions(dryRun), 'Completed');
        if (completed?.status === 'True') {
          return { kind: 'completed', dryRun, ephemeral };
        }
        if (completed?.status === 'False') {
          return {
            kind: 'failed',
            dryRun,
            message: completed.message ?? completed.reason ?? 'failed',
          };
        }
        if (dryRun.status && Object.keys(dryRun.status).length) answered = true;
      }
      if (!ephemeral) {
        const requests = await platform.kratix
          .listRequests(promise, ref.namespace)
          .catch(() => []);
        ephemeral = requests.find(
          r => r.metadata.labels?.[KRATIX_LABELS.dryRunOwner] === ref.name,
        )?.metadata.name;
        if (ephemeral) answered = true;
      }
      const elapsed = this.now() - start;
      if (!answered && elapsed >= this.timings.answerMs) {
        return { kind: 'timed-out', answered: false };
      }
      if (elapsed >= this.timings.completionMs) {
        return { kind: 'timed-out', answered };
      }
      await sleep(this.timings.pollMs);
    }
  }

  /**
   * The files of the dry-run Works (the ephemeral request's, labelled
   * `kratix.io/dry-run`) and Kratix's summary (the Work labelled
   * `kratix.io/dry-run-summary` and owned by the DryRun).
   */
  private async output(
    platform: KratixPlatform,
    promise: string,
    dryRun: string,
    ephemeral: string | undefined,
  ): Promise<{ files: PreviewFile[]; summary?: string }> {
    const deadline = this.now() + this.timings.worksMs;
    for (;;) {
      const works = await onPlatform(platform, () =>
        platform.kratix.listWorks({
          [KRATIX_LABELS.promiseName]: promise,
          [KRATIX_LABELS.dryRun]: 'true',
        }),
      );
      const summaryWork = works.find(
        w =>
          w.metadata.labels?.[KRATIX_LABELS.dryRunSummary] === 'true' &&
          w.metadata.labels?.[KRATIX_LABELS.dryRunOwner] === dryRun,
      );
      const resource =
        summaryWork?.metadata.labels?.[KRATIX_LABELS.resourceName] ?? ephemeral;
      const outputs = resource
        ? works.filter(
            w =>
              w !== summaryWork &&
              w.metadata.labels?.[KRATIX_LABELS.dryRunSummary] !== 'true' &&
              w.metadata.labels?.[KRATIX_LABELS.resourceName] === resource,
          )
        : [];
      if ((summaryWork && outputs.length) || this.now() >= deadline) {
        const files = outputs
          .flatMap(filesOf)
          .sort(
            (a, b) =>
              (a.pipeline ?? '').localeCompare(b.pipeline ?? '') ||
              (a.directory ?? '').localeCompare(b.directory ?? '') ||
              a.path.localeCompare(b.path),
          );
        const summary = summaryWork
          ? filesOf(summaryWork)[0]?.content
          : undefined;
        return { files, ...(summary !== undefined ? { summary } : {}) };
      }
      await sleep(Math.min(this.timings.pollMs, 250));
    }
  }
}
