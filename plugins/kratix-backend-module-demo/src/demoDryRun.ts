import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  workflowPipelines,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type BehaviourFn,
  encodeWorkload,
  workForPipeline,
} from '@kratix-backstage/kratix-simulation';
import { deterministicName } from './demoExamples';
import { demoSuffix, demoUid } from './demoRun';

/** How long the demo's Kratix takes to answer a DryRun. */
export const DRY_RUN_COMPLETES_AFTER_MS = 1500;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const iso = (ms: number) => new Date(ms).toISOString();
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The name of the request Kratix makes for a DryRun (`GenerateDeterministicObjectName`). */
export function dryRunRequestName(dryRun: string): string {
  return deterministicName(`kratix-dry-run-${dryRun}`);
}

interface StoredDryRun {
  object: KubeObject;
  completesAt: number;
  /** The dry-run Works (pipeline Works, then the summary Work) once it completes. */
  works: KubeObject[];
  failure?: string;
}

/** What the demo's DryRuns need from the world. */
export interface DemoDryRunDeps {
  clock: () => number;
  promise: () => KubeObject;
  behaviour: BehaviourFn;
  /** The Works of a live request (what the summary compares with). */
  liveWorks: (namespace: string, name: string) => KubeObject[];
  namespaces: string[];
  apiError: (statusCode: number, reason: string, message: string) => Error;
  at: (time: number, fn: () => void) => void;
}

/**
 * Kratix's DryRun on the demo platform: a DryRun completes a moment after it is
 * created, as Kratix's DryRun controller does once the ephemeral request's pipeline has
 * run: dry-run Works hold the files the workshop's pipeline would write for that input,
 * and a summary Work holds Kratix's markdown summary of what would be added, modified
 * or removed compared with the live request of that name. A spec the workshop's
 * pipeline refuses makes it fail (`Completed` False, `PipelineFailed`).
 */
export class DemoDryRuns {
  private readonly stored = new Map<string, StoredDryRun>();
  private created = 0;

  constructor(private readonly deps: DemoDryRunDeps) {}

  create(input: KubeObject): KubeObject {
    const namespace = input.metadata?.namespace ?? 'default';
    let name = String(input.metadata?.name ?? '');
    const now = this.deps.clock();
    this.created += 1;
    if (!name && input.metadata?.generateName) {
      name = `${input.metadata.generateName}${demoSuffix(
        `${namespace}/${input.metadata.generateName}/${this.created}/${now}`,
      )}`;
    }
    if (!DNS_SUBDOMAIN.test(name)) {
      throw this.deps.apiError(
        422,
        'Invalid',
        `DryRun.platform.kratix.io "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      );
    }
    if (!this.deps.namespaces.includes(namespace)) {
      throw this.deps.apiError(
        404,
        'NotFound',
        `namespaces "${namespace}" not found`,
      );
    }
    const key = `${namespace}/${name}`;
    if (this.stored.has(key)) {
      throw this.deps.apiError(
        409,
        'AlreadyExists',
        `dryruns.platform.kratix.io "${name}" already exists`,
      );
    }
    const object: KubeObject = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'DryRun',
      metadata: {
        ...(input.metadata?.labels ? { labels: input.metadata.labels } : {}),
        ...(input.metadata?.annotations
          ? { annotations: input.metadata.annotations }
          : {}),
        name,
        namespace,
        uid: demoUid(`dryrun/${key}/${this.created}/${now}`),
        generation: 1,
        creationTimestamp: iso(now),
      },
      spec: structuredClone(input.spec ?? {}),
    };
    const entry: StoredDryRun = {
      object,
      completesAt: now + DRY_RUN_COMPLETES_AFTER_MS,
      works: [],
    };
    // A DryRun of another Promise is never answered (Kratix cannot fetch that Promise).
    if (object.spec.promiseRef?.name === this.deps.promise().metadata.name) {
      Object.assign(entry, this.play(object, entry.completesAt));
    } else {
      entry.completesAt = Infinity;
    }
    this.stored.set(key, entry);
    return structuredClone(object);
  }

  get(namespace: string, name: string): KubeObject | undefined {
    const entry = this.stored.get(`${namespace}/${name}`);
    if (!entry) return undefined;
    const object = structuredClone(entry.object);
    if (this.deps.clock() < entry.completesAt) return object;
    const at = iso(entry.completesAt);
    object.status = {
      conditions: [
        entry.failure === undefined
          ? {
              type: 'Completed',
              status: 'True',
              reason: 'SummaryWritten',
              message:
                'Dry run completed; summary written to output repository',
              lastTransitionTime: at,
            }
          : {
              type: 'Completed',
              status: 'False',
              reason: 'PipelineFailed',
              message: entry.failure,
              lastTransitionTime: at,
            },
      ],
    };
    return object;
  }

  delete(namespace: string, name: string): void {
    if (!this.stored.delete(`${namespace}/${name}`)) {
      throw this.deps.apiError(
        404,
        'NotFound',
        `dryruns.platform.kratix.io "${name}" not found`,
      );
    }
  }

  /** The dry-run Works of every completed DryRun (they go with their DryRun). */
  works(): KubeObject[] {
    const now = this.deps.clock();
    return [...this.stored.values()]
      .filter(e => now >= e.completesAt)
      .flatMap(e => e.works);
  }

  /** Runs the workshop's pipeline for the DryRun's input, as its ephemeral request. */
  private play(
    dryRun: KubeObject,
    completesAt: number,
  ): Pick<StoredDryRun, 'works' | 'failure'> {
    const promise = this.deps.promise();
    const promiseName = promise.metadata.name;
    const namespace = dryRun.metadata.namespace!;
    const ref = dryRun.spec.resourceRequestRef ?? {};
    const realName = String(ref.name || dryRun.metadata.name);
    const realNamespace = String(ref.namespace || namespace);
    const ephemeral = dryRunRequestName(dryRun.metadata.name);
    const spec = (dryRun.spec.resource ?? {}) as Record<string, unknown>;
    const [pipeline] = workflowPipelines(promise, 'resource', 'configure');
    const pipelineName = pipeline?.metadata.name ?? 'resource-configure';
    const invalid = invalidFields(
      (promise.spec?.api?.spec?.versions ?? []).find((v: any) => v.storage)
        ?.schema?.openAPIV3Schema?.properties?.spec,
      spec,
    );
    if (invalid.length) {
      // The workshop's pipeline refuses the input; Kratix reports the configure
      // workflow's failure.
      return {
        works: [],
        failure: `A Configure Pipeline has failed: ${pipelineName}`,
      };
    }
    // The reader gives the pipeline the real request's name and namespace.
    const behaviour = this.deps.behaviour(promise, {
      apiVersion: dryRun.apiVersion,
      kind: String(promise.spec?.api?.spec?.names?.kind ?? ''),
      metadata: { name: realName, namespace: realNamespace },
      spec,
    });
    if (behaviour.failAt) {
      return {
        works: [],
        failure: `A Configure Pipeline has failed: ${pipelineName}`,
      };
    }
    const owner = {
      apiVersion: dryRun.apiVersion,
      kind: 'DryRun',
      name: dryRun.metadata.name,
      uid: dryRun.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const ephemeralRequest: KubeObject = {
      apiVersion: '',
      kind: '',
      metadata: { name: ephemeral, namespace },
      spec,
    };
    const work = workForPipeline({
      promise,
      request: ephemeralRequest,
      pipelineName,
      namespace,
      files: behaviour.outputs,
      suffix: demoSuffix(`${dryRun.metadata.uid}/work`),
      now: new Date(completesAt),
    });
    work.metadata.labels = {
      ...work.metadata.labels,
      [KRATIX_LABELS.dryRun]: 'true',
    };
    Object.assign(work.metadata, {
      uid: demoUid(`${dryRun.metadata.uid}/${work.metadata.name}`),
      creationTimestamp: iso(completesAt - 300),
      generation: 1,
      ownerReferences: [owner],
    });
    const live = filesByPipeline(this.deps.liveWorks(realNamespace, realName));
    const summary = dryRunSummary([
      {
        pipeline: pipelineName,
        before: live[pipelineName] ?? {},
        after: behaviour.outputs,
      },
    ]);
    const summaryName = deterministicName(
      `${promiseName}-${dryRun.metadata.name}-dry-run-summary`,
    );
    const summaryWork: KubeObject = {
      apiVersion: work.apiVersion,
      kind: 'Work',
      metadata: {
        name: summaryName,
        namespace,
        uid: demoUid(`${dryRun.metadata.uid}/${summaryName}`),
        creationTimestamp: iso(completesAt - 100),
        generation: 1,
        labels: {
          [KRATIX_LABELS.promiseName]: promiseName,
          [KRATIX_LABELS.resourceName]: ephemeral,
          [KRATIX_LABELS.workType]: 'resource',
          [KRATIX_LABELS.dryRun]: 'true',
          [KRATIX_LABELS.dryRunSummary]: 'true',
          [KRATIX_LABELS.dryRunOwner]: dryRun.metadata.name,
        },
        ownerReferences: [owner],
      },
      spec: {
        promiseName,
        resourceName: ephemeral,
        workloadGroups: [
          {
            id: md5('dry-run-summary'),
            directory: '.',
            workloads: [
              {
                filepath: 'kratix-dry-run-summary.md',
                content: encodeWorkload(summary),
              },
            ],
          },
        ],
      },
    };
    return { works: [work, summaryWork] };
  }
}

/** The spec fields whose values do not have the schema's type. */
function invalidFields(
  schema: any,
  spec: Record<string, unknown>,
  path = 'spec',
): string[] {
  const properties = schema?.properties ?? {};
  return Object.entries(spec).flatMap(([key, value]) => {
    const field = properties[key];
    if (!field?.type || value === null || value === undefined) return [];
    const ok = {
      boolean: typeof value === 'boolean',
      string: typeof value === 'string',
      integer: Number.isInteger(value),
      number: typeof value === 'number',
      array: Array.isArray(value),
      object:
        typeof value === 'object' && value !== null && !Array.isArray(value),
    }[field.type as string];
    if (ok === false) return [`${path}.${key}`];
    if (field.type === 'object' && ok)
      return invalidFields(
        field,
        value as Record<string, unknown>,
        `${path}.${key}`,
      );
    return [];
  });
}

/** The files of Works, by the pipeline that wrote them. */
function filesByPipeline(
  works: KubeObject[],
): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const work of works) {
    const pipeline = work.metadata.labels?.[KRATIX_LABELS.pipelineName] ?? '';
    const files = (result[pipeline] ??= {});
    for (const group of work.spec?.workloadGroups ?? []) {
      for (const w of group.workloads ?? []) {
        files[w.filepath] = gunzipSync(
          Buffer.from(String(w.content), 'base64'),
        ).toString('utf8');
      }
    }
  }
  return result;
}

/**
 * A dry run's summary in the shape Kratix writes it: a heading, then per pipeline
 * (sorted by name) the counts of files added, modified and removed, each added or
 * removed file in a yaml block and each modified one as a line diff.
 */
export function dryRunSummary(
  sections: Array<{
    pipeline: string;
    before: Record<string, string>;
    after: Record<string, string>;
  }>,
): string {
  const parts = [...sections]
    .sort((a, b) => a.pipeline.localeCompare(b.pipeline))
    .map(
      s =>
        `## Pipeline: \`${s.pipeline}\`\n\n${fileChanges(s.before, s.after)}`,
    );
  return `# Kratix Dry Run Summary\n\n${parts.join('\n---\n\n')}`;
}

function fileChanges(
  before: Record<string, string>,
  after: Record<string, string>,
): string {
  const sorted = (list: string[]) => [...list].sort();
  const added = sorted(Object.keys(after).filter(p => !(p in before)));
  const removed = sorted(Object.keys(before).filter(p => !(p in after)));
  const modified = sorted(
    Object.keys(after).filter(p => p in before && before[p] !== after[p]),
  );
  let text = `**${added.length} added · ${modified.length} modified · ${removed.length} removed**\n`;
  if (!added.length && !modified.length && !removed.length) {
    return `${text}\nNo changes.\n`;
  }
  const block = (lang: string, body: string) =>
    `\`\`\`${lang}\n${body}\n\`\`\`\n`;
  const trim = (content: string) => content.replace(/\n+$/, '');
  for (const path of added) {
    text += `\n---\n\n## ➕ Added: \`${path}\`\n\n${block(
      'yaml',
      trim(after[path]),
    )}`;
  }
  for (const path of modified) {
    const diff = lineDiff(before[path], after[path]);
    text += `\n---\n\n## ✏️ Modified: \`${path}\`\n\n${block(
      'diff',
      `--- a/${path}\n+++ b/${path}\n${diff}`,
    )}`;
  }
  for (const path of removed) {
    text += `\n---\n\n## 🗑️ Removed: \`${path}\`\n\n${block(
      'yaml',
      trim(before[path]),
    )}`;
  }
  return text;
}

/** Lines kept (` `), removed (`-`) and added (`+`), by longest common subsequence. */
function lineDiff(before: string, after: string): string {
  const a = trimEnd(before).split('\n');
  const b = trimEnd(after).split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(` ${a[i]}`);
      i++;
      j++;
    } else if (
      j < b.length &&
      (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])
    ) {
      lines.push(`+${b[j]}`);
      j++;
    } else {
      lines.push(`-${a[i]}`);
      i++;
    }
  }
  return lines.join('\n');
}

function trimEnd(text: string) {
  return text.replace(/\n+$/, '');
}
