/**
 * The git repository Kratix writes to and Flux on the worker reads from, served over
 * smart HTTP on loopback.
 */
export interface GitStateStore {
  /** `http://127.0.0.1:<port>/state.git` */
  url: string;
  /** `main` */
  branch: string;
  /**
   * Writes (string) or deletes (`null`) files, as paths relative to the repository root, in
   * one commit, pushes it over HTTP and returns its sha. Then annotates the worker's
   * GitRepository with a new `reconcile.fluxcd.io/requestedAt`, so Flux fetches it at once
   * instead of at its next poll. Commits are made one at a time; a commit that changes
   * nothing is still made (empty).
   */
  commit(
    files: Record<string, string | null>,
    message: string,
  ): Promise<string>;
  /** The file at the branch head, or undefined when there is none. */
  readFile(path: string): Promise<string | undefined>;
  /** Paths of every file at the branch head that start with `prefix` (default: all), sorted. */
  listFiles(prefix?: string): Promise<string[]>;
  /** The sha of the branch head. */
  head(): Promise<string>;
}
