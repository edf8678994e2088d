import Ajv from 'ajv';
import {
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  readPromiseCorpus,
  resolveReferenceData,
} from '@internal/kratix-testenv';
import { databasePromise, toolsPromise } from './__fixtures__/kratixObjects';
import { toPromiseEntity } from './toPromiseEntity';
import { toTemplateEntity } from './toTemplateEntity';

const ctx = {
  platform: { name: 'prod', title: 'Production', demo: false },
  defaultOwner: 'group:default/platform-team',
};

const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

/** What the catalog checks: the entity envelope and fields, then the Template kind. */
async function expectValidTemplate(entity: Entity) {
  await expect(policy.enforce(entity)).resolves.toBe(entity);
  await expect(templateEntityV1beta3Validator.check(entity)).resolves.toBe(
    true,
  );
}

/** Compiles each form step as the scaffolder's form does (JSON schema draft 7). */
function compileForms(entity: Entity) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const step of (entity.spec as any).parameters) {
    const { title, ...schema } = step;
    ajv.compile({ type: 'object', title, ...schema });
  }
}

describe('toTemplateEntity', () => {
  it('generates the form and steps from the stored version of the API', async () => {
    const template = toTemplateEntity(ctx, databasePromise)!;
    await expectValidTemplate(template);
    expect(template.metadata.name).toBe('kratix-prod-database');
    expect(template.metadata.annotations!['kratix.io/promise-entity']).toBe(
      'component:default/prod-database',
    );
    expect(template.spec).toEqual({
      owner: 'group:default/platform-team',
      type: 'kratix-resource',
      parameters: [
        {
          title: 'Name and namespace',
          required: ['name', 'namespace'],
          properties: {
            name: {
              title: 'Name',
              type: 'string',
              description: 'Name of the Database request (a DNS-1123 label).',
              pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
              maxLength: 63,
              'ui:autofocus': true,
            },
            namespace: {
              title: 'Namespace',
              type: 'string',
              description:
                'Kubernetes namespace of the request on the platform.',
              default: 'default',
              pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
              maxLength: 63,
            },
          },
        },
        {
          title: 'Database settings',
          required: ['spec'],
          properties: {
            spec: {
              title: 'Database spec',
              type: 'object',
              required: ['size'],
              properties: {
                size: {
                  title: 'size',
                  type: 'string',
                  description: 'How big',
                  default: 'small',
                  enum: ['small', 'large'],
                },
                replicas: {
                  title: 'replicas',
                  type: 'integer',
                  minimum: 1,
                  maximum: 5,
                },
              },
            },
          },
        },
        {
          title: 'Preview',
          description:
            'What Kratix would write for this Database, before it is requested.',
          properties: {
            preview: {
              type: 'null',
              title: 'What Kratix will write',
              'ui:field': 'KratixRequestPreview',
              'ui:options': { platform: 'prod', promise: 'database' },
            },
          },
        },
      ],
      steps: [
        {
          id: 'create',
          name: 'Request Database',
          action: 'kratix:resource:create',
          input: {
            platform: 'prod',
            promise: 'database',
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
            spec: '${{ parameters.spec }}',
          },
        },
        {
          id: 'wait',
          name: 'Wait for Kratix',
          action: 'kratix:resource:wait',
          input: {
            platform: 'prod',
            promise: 'database',
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open the request in the catalog',
            icon: 'catalog',
            entityRef: '${{ steps.create.output.entityRef }}',
          },
        ],
      },
    });
    const form = new Ajv({ strict: false }).compile(
      (template.spec as any).parameters[1],
    );
    expect(form({ spec: { size: 'large', replicas: 3 } })).toBe(true);
    expect(form({ spec: { size: 'huge' } })).toBe(false);
    expect(form({ spec: { size: 'small', replicas: 9 } })).toBe(false);
    // The preview step asks nothing: the form passes with no value (and with null).
    compileForms(template);
    const preview = new Ajv({ strict: false }).compile({
      type: 'object',
      ...(template.spec as any).parameters[2],
    });
    expect(preview({})).toBe(true);
    expect(preview({ preview: null })).toBe(true);
  });

  it('leaves the Preview step out when kratix.catalog.templates.preview is false', async () => {
    const template = toTemplateEntity(
      { ...ctx, templatePreview: false },
      databasePromise,
    )!;
    await expectValidTemplate(template);
    expect((template.spec as any).parameters.map((p: any) => p.title)).toEqual([
      'Name and namespace',
      'Database settings',
    ]);
    expect(JSON.stringify(template)).not.toContain('KratixRequestPreview');
    // The steps are the same either way.
    expect(template.spec!.steps).toEqual(
      toTemplateEntity(ctx, databasePromise)!.spec!.steps,
    );
  });

  it('makes no template for a Promise without an API', () => {
    expect(toTemplateEntity(ctx, toolsPromise)).toBeUndefined();
    expect(
      toPromiseEntity(ctx, toolsPromise).metadata.annotations,
    ).not.toHaveProperty('kratix.io/backstage-promise-template');
  });

  const { promisesDir } = resolveReferenceData();
  const corpus = promisesDir ? readPromiseCorpus(promisesDir) : [];
  it('generates valid templates and forms for the whole Promise corpus', async () => {
    if (!promisesDir) {
      // eslint-disable-next-line no-console
      console.log(
        'Skipping the 60-Promise corpus: KRATIX_REFERENCE_DATA is not set (see docs/catalog.md)',
      );
      return;
    }
    let templates = 0;
    let withoutApi = 0;
    const malformed: string[] = [];
    for (const entry of corpus) {
      if (!entry.promise) continue;
      const promise = entry.promise as any;
      let entity: Entity;
      try {
        entity = toPromiseEntity(ctx, promise);
      } catch {
        // The provider skips it with a warning.
        malformed.push(entry.name);
        continue;
      }
      await expect(policy.enforce(entity)).resolves.toBeTruthy();
      const template = toTemplateEntity(ctx, promise);
      if (!template) {
        withoutApi += 1;
        continue;
      }
      templates += 1;
      try {
        await expectValidTemplate(template);
        compileForms(template);
      } catch (error) {
        throw new Error(`Promise ${entry.name}: ${error}`);
      }
    }
    // The marketplace's Promise template has `name: null`; the config sample's
    // spec.api is a `Redis`, not a CustomResourceDefinition.
    expect(malformed).toEqual([
      '_marketplace-template',
      'kratix-config-sample',
    ]);
    expect(templates + withoutApi + malformed.length).toBe(
      corpus.filter(e => e.promise).length,
    );
    // eslint-disable-next-line no-console
    console.log(
      `Corpus: ${templates} templates, ${withoutApi} Promises without an API, ${malformed.length} malformed`,
    );
    expect(templates).toBe(52);
  });
});
