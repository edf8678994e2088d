import { requestEntityName } from '@kratix-backstage/plugin-kratix-common';

/** The catalog namespace every Kratix entity lives in. */
export const ENTITY_NAMESPACE = 'default';

/**
 * A valid, unique entity name made of parts joined by `-`. Reuses the request entity
 * naming (lower case, cut to 63 characters with a hash of the full name) so every
 * kind of Kratix entity is named the same way.
 */
export function kratixEntityName(...parts: string[]): string {
  const [a = '', b = '', c = '', ...rest] = parts;
  return requestEntityName(a, b, c, rest.join('-')).replace(/-+$/, '');
}

/** The Promise's Component: `<platform>-<promise>`. */
export function promiseEntityName(platform: string, promise: string) {
  return kratixEntityName(platform, promise);
}

/** The Destination's Resource: `<platform>-destination-<name>`. */
export function destinationEntityName(platform: string, destination: string) {
  return kratixEntityName(platform, 'destination', destination);
}

/** The Promise's Software Template: `kratix-<platform>-<promise>`. */
export function templateEntityName(platform: string, promise: string) {
  return kratixEntityName('kratix', platform, promise);
}

export { requestEntityName };
