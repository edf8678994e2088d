/**
 * One file a preview says the pipeline would write.
 *
 * @public
 */
export interface PreviewFile {
  /** The path under `/kratix/output`. */
  path: string;
  /** The pipeline that wrote it. */
  pipeline?: string;
  /** The output directory it is scheduled from (`.` for the root). */
  directory?: string;
  content: string;
}

/**
 * What a request would do, before it is made. `kratix-dry-run` when the platform ran
 * Kratix's own DryRun (the files its pipelines would write); `server-dry-run` when only
 * the API server checked the object (no files).
 *
 * @public
 */
export interface RequestPreview {
  platform: string;
  demo?: boolean;
  method: 'kratix-dry-run' | 'server-dry-run';
  /** One sentence saying which method ran, and why. */
  note: string;
  /** The object as the API server admitted it (defaults applied). */
  object: {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
  };
  files: PreviewFile[];
  /** Kratix's own summary (Markdown: what would be added, changed or removed). */
  summary?: string;
  /** The DryRun object that produced it, and how it ended. */
  dryRun?: {
    name: string;
    namespace: string;
    state: 'completed' | 'failed' | 'timed-out';
    message?: string;
  };
}
