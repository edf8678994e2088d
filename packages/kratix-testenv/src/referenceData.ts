import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultKratixCrdDir } from './startKratixTestEnvironment';

/**
 * The one setting that names the team's reference data: a folder laid out like
 * `shared/kratix` (`crds/`, `flux-crds/`, `promises/<name>/*.yaml`). CI points it at
 * `../shared/kratix`; without it, tests use what this repo defines itself.
 *
 * @public
 */
export const REFERENCE_DATA_ENV = 'KRATIX_REFERENCE_DATA';

/**
 * Where the test data comes from.
 *
 * @public
 */
export interface ReferenceData {
  /** `reference`: the folder KRATIX_REFERENCE_DATA names; `repo`: this repo's own. */
  source: 'reference' | 'repo';
  /** Folder of the Kratix CRDs to install on the platform cluster. */
  kratixCrdDir: string;
  /** The Promise corpus (one folder per Promise), when the reference data has one. */
  promisesDir?: string;
  /** One line saying which data is used, for test output. */
  description: string;
}

/**
 * Resolves the data tests run on. A KRATIX_REFERENCE_DATA that names a folder without
 * `crds/` is a mistake, and says so rather than silently falling back.
 *
 * @public
 */
export function resolveReferenceData(
  env: NodeJS.ProcessEnv = process.env,
): ReferenceData {
  const root = env[REFERENCE_DATA_ENV];
  if (!root) {
    return {
      source: 'repo',
      kratixCrdDir: defaultKratixCrdDir(),
      description: `${REFERENCE_DATA_ENV} is not set: using this repo's own Kratix CRDs (packages/kratix-testenv/crds); the Promise corpus is not available`,
    };
  }
  const dir = resolve(root);
  const crds = join(dir, 'crds');
  if (!existsSync(crds)) {
    throw new Error(
      `${REFERENCE_DATA_ENV}=${root}: no crds/ folder there (expected a folder laid out like shared/kratix)`,
    );
  }
  const promises = join(dir, 'promises');
  const hasPromises = existsSync(promises);
  return {
    source: 'reference',
    kratixCrdDir: crds,
    promisesDir: hasPromises ? promises : undefined,
    description: `${REFERENCE_DATA_ENV}=${root}: using its Kratix CRDs${
      hasPromises
        ? ` and its ${readdirSync(promises).length}-Promise corpus`
        : ' (no promises/ corpus there)'
    }`,
  };
}

/**
 * One Promise of the corpus and the YAML documents beside it.
 *
 * @public
 */
export interface CorpusEntry {
  name: string;
  promise?: unknown;
  /** Parse error of promise.yaml, if any. */
  promiseError?: string;
  /** Every document of each `resource-request*.yaml` file (a file that does not parse gives an `error`). */
  requests: Array<{ file: string; object?: any; error?: string }>;
}

/**
 * Reads the Promise corpus: `promise.yaml` and `resource-request*.yaml` of each folder.
 *
 * @public
 */
export function readPromiseCorpus(promisesDir: string): CorpusEntry[] {
  return readdirSync(promisesDir, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => d.name)
    .sort()
    .map(name => {
      const folder = join(promisesDir, name);
      const entry: CorpusEntry = { name, requests: [] };
      const promiseFile = join(folder, 'promise.yaml');
      if (existsSync(promiseFile)) {
        const docs = parseAllDocuments(readFileSync(promiseFile, 'utf8'));
        const errors = docs.flatMap(doc => doc.errors.map(e => e.message));
        if (errors.length) entry.promiseError = errors[0];
        else
          entry.promise = docs
            .map(doc => doc.toJS())
            .find((o: any) => o?.kind === 'Promise');
      }
      for (const file of readdirSync(folder)
        .filter(f => /^resource-request.*\.ya?ml$/.test(f))
        .sort()) {
        const docs = parseAllDocuments(
          readFileSync(join(folder, file), 'utf8'),
        );
        for (const doc of docs) {
          if (doc.errors.length)
            entry.requests.push({ file, error: doc.errors[0].message });
          else {
            const object = doc.toJS();
            if (object) entry.requests.push({ file, object });
          }
        }
      }
      return entry;
    });
}
