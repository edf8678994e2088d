/**
 * Checks an API server URL (http or https) and drops trailing slashes. Throws an Error
 * saying what is wrong, without a config key.
 */
export function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`the URL must be http(s), got ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
}

/** {@link checkUrl}, with errors that name the config key. */
export function readUrl(value: string, key: string): string {
  try {
    return checkUrl(value);
  } catch (error) {
    throw new Error(
      `Invalid Kratix config at '${key}': ${(error as Error).message}`,
    );
  }
}
