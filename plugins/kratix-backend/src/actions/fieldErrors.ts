import { InputError } from '@backstage/errors';
import {
  type OpenApiSchema,
  validateOpenApiSchema,
} from '../services/schema/validateOpenApiSchema';

/** One field of a request that is wrong: which, and what is wrong with it. */
export interface FieldError {
  /** `name`, `namespace`, `spec.size`, `spec.tags[0]`; absent when the error names no field. */
  field?: string;
  problem: string;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The name and namespace of a new request, as Kubernetes takes them. */
export function nameErrors(input: {
  name: string;
  namespace: string;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name.length > 253 || !SUBDOMAIN.test(input.name)) {
    errors.push({
      field: 'name',
      problem:
        'must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
    });
  }
  if (input.namespace.length > 63 || !LABEL.test(input.namespace)) {
    errors.push({
      field: 'namespace',
      problem:
        'must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
    });
  }
  return errors;
}

/** The spec against the Promise's API (its stored version's OpenAPI v3 schema). */
export function specErrors(apiSchema: unknown, spec: unknown): FieldError[] {
  const specSchema = (apiSchema as OpenApiSchema | undefined)?.properties?.spec;
  if (!specSchema) return [];
  return validateOpenApiSchema(specSchema, spec, 'spec').map(v => ({
    field: v.path,
    problem: v.message,
  }));
}

// Where one cause starts in the API server's `... is invalid: [a: ..., b: ...]` answer:
// `spec.size: Unsupported value: "xl": supported values: "s", "m"`.
const CAUSE_START = /, (?=(?:metadata|spec)(?:\.[A-Za-z0-9_-]+|\[[^\]]*\])*: )/;
const CAUSE = /^((?:metadata|spec)(?:\.[A-Za-z0-9_-]+|\[[^\]]*\])*): (.+)$/s;

/**
 * The field errors in a message of the API server (a `422 Invalid` names each field), or
 * the message itself when it names none.
 */
export function fieldErrorsOf(message: string): FieldError[] {
  const marker = 'is invalid: ';
  const at = message.indexOf(marker);
  if (at >= 0) {
    let causes = message.slice(at + marker.length).trim();
    // Our own wrapping: `Cluster 'x': the API server request failed (422 Invalid: ...)`.
    if (causes.endsWith(')') && message.lastIndexOf('(', at) >= 0)
      causes = causes.slice(0, -1);
    if (causes.startsWith('[') && causes.endsWith(']'))
      causes = causes.slice(1, -1);
    const found = causes.split(CAUSE_START).flatMap(part => {
      const match = CAUSE.exec(part.trim());
      return match ? [{ field: match[1], problem: match[2].trim() }] : [];
    });
    if (found.length) return found;
  }
  return [{ problem: message }];
}

/** One sentence of the field errors, for an InputError. */
export function describeFieldErrors(errors: FieldError[]): string {
  return errors
    .map(e => (e.field ? `${e.field}: ${e.problem}` : e.problem))
    .join('; ');
}

/** Throws an InputError naming each field, when there are any. */
export function assertNoFieldErrors(what: string, errors: FieldError[]) {
  if (errors.length) {
    throw new InputError(`${what}: ${describeFieldErrors(errors)}`);
  }
}
