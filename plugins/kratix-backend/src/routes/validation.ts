import { InputError } from '@backstage/errors';
import { z } from 'zod';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: namespaces, containers, platform names. */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(
    LABEL,
    'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

/** A DNS-1123 subdomain: object names. */
export const dnsSubdomain = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    SUBDOMAIN,
    'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and "."',
  );

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true, false, 1 or 0' })
  .transform(v => v === 'true' || v === '1');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max}`),
    );

/** Route parameters, by name. */
export const params = {
  platform: z.object({ platform: dnsLabel }),
  promise: z.object({ platform: dnsLabel, promise: dnsSubdomain }),
  request: z.object({
    platform: dnsLabel,
    namespace: dnsLabel,
    promise: dnsSubdomain,
    name: dnsSubdomain,
  }),
  destination: z.object({ platform: dnsLabel, destination: dnsSubdomain }),
  logs: z.object({
    platform: dnsLabel,
    namespace: dnsLabel,
    pod: dnsSubdomain,
    container: dnsLabel,
  }),
};

/** Query strings, by route. */
export const queries = {
  promises: z.object({ platform: dnsLabel.optional() }).strict(),
  requests: z
    .object({ platform: dnsLabel.optional(), namespace: dnsLabel.optional() })
    .strict(),
  requestPage: z
    .object({
      platform: dnsLabel.optional(),
      namespace: dnsLabel.optional(),
      promise: dnsSubdomain.optional(),
      limit: int(1, 500).optional(),
      offset: int(0, 1_000_000_000).optional(),
      search: z.string().max(253, 'must be at most 253 characters').optional(),
      state: z
        .enum(['ready', 'pending', 'failing', 'paused', 'deleting'], {
          message: 'must be ready, pending, failing, paused or deleting',
        })
        .optional(),
      health: z
        .enum(['unhealthy', 'degraded', 'unknown', 'healthy', 'ready'], {
          message: 'must be unhealthy, degraded, unknown, healthy or ready',
        })
        .optional(),
    })
    .strict(),
  namespace: z.object({ namespace: dnsLabel.optional() }).strict(),
  placement: z.object({ content: flag.optional() }).strict(),
  none: z.object({}).strict(),
  logs: z
    .object({
      tailLines: int(1, 100_000).optional(),
      sinceSeconds: int(1, 30 * 24 * 3600).optional(),
      limitBytes: int(1, 50 * 1024 * 1024).optional(),
      follow: flag.optional(),
      download: flag.optional(),
    })
    .strict(),
};

/**
 * Parses input or throws an InputError that says which field is wrong and why.
 */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues
    .map(issue => {
      const field = issue.path.join('.');
      if (issue.code === 'unrecognized_keys')
        return `unknown ${issue.keys.join(', ')}`;
      return field ? `${field} ${issue.message}` : issue.message;
    })
    .join('; ');
  throw new InputError(`Invalid ${what}: ${details}`);
}
