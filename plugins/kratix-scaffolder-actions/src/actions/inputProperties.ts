import type { z as zod } from 'zod/v3';

const NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const platform = (z: typeof zod) =>
  z
    .string({
      description:
        'Name of the Kratix platform, as configured in kratix.platforms. Defaults to the platform named by the Promise entity, else the first configured one',
    })
    .optional();

export const promise = (z: typeof zod) =>
  z.string({
    description:
      'The Promise: its name (elastic-cloud), or the ref of the catalog entity that stands for it (component:default/kratix-demo-elastic-cloud)',
  });

export const name = (z: typeof zod) =>
  z
    .string({ description: 'Name of the resource request' })
    .max(253)
    .regex(NAME, {
      message: 'must be a lowercase RFC 1123 name (letters, digits, - and .)',
    });

export const namespace = (z: typeof zod) =>
  z
    .string({ description: 'Namespace of the resource request' })
    .max(63)
    .regex(LABEL, { message: 'must be a lowercase RFC 1123 label' })
    .default('default');

export const spec = (z: typeof zod) =>
  z
    .record(z.unknown(), {
      description:
        "The request's spec; checked against the Promise's API schema before it is sent",
    })
    .default({});

export const labels = (z: typeof zod) =>
  z
    .record(z.string(), { description: 'Labels to set on the request' })
    .optional();

export const annotations = (z: typeof zod) =>
  z
    .record(z.string(), { description: 'Annotations to set on the request' })
    .optional();
