import { appendFileSync } from 'node:fs';

/**
 * Appends timestamped progress lines (`+1234ms platform: kube-apiserver ready`) to a file
 * in the work dir (`logs/testenv.log`): where a slow or failed start spent its time.
 */
export class Timeline {
  private readonly started = Date.now();

  constructor(private readonly file: string) {}

  /** Records one step. */
  mark(step: string): void {
    try {
      appendFileSync(this.file, `+${Date.now() - this.started}ms ${step}\n`);
    } catch {
      // the work dir may be gone during teardown
    }
  }

  /** Records the start and end (or failure) of `promise`, and returns it. */
  async step<T>(name: string, promise: Promise<T>): Promise<T> {
    this.mark(`${name} ...`);
    try {
      const value = await promise;
      this.mark(`${name} done`);
      return value;
    } catch (error) {
      this.mark(`${name} FAILED: ${String(error)}`);
      throw error;
    }
  }
}
