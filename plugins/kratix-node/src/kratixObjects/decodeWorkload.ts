import { gunzipSync } from 'node:zlib';

/**
 * Decodes a Work's workload `content` back to the file's text.
 *
 * @public
 */
export function decodeWorkload(content: string): string {
  return gunzipSync(Buffer.from(content, 'base64')).toString('utf8');
}
