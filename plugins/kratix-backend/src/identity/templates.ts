import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The variables an identity template may use: of the user entity (`userTemplate`) or of
 * each group (`groupTemplate`). `kind` is lower-case, as in entity refs (`user`, `group`).
 */
export const IDENTITY_TEMPLATE_VARIABLES = [
  'kind',
  'namespace',
  'name',
  'ref',
] as const;

type Variable = (typeof IDENTITY_TEMPLATE_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Whether a text holds control characters (C0 or DEL), which no HTTP header carries. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** The default of both templates: the entity's name (`alice`, `team-a`). */
export const DEFAULT_IDENTITY_TEMPLATE = '{{name}}';

/**
 * Checks a template: every `{{...}}` names a known variable, no brace is left over, and
 * it names at least one variable (a constant would make every user one identity).
 * Answers what is wrong, or undefined.
 */
export function checkIdentityTemplate(template: string): string | undefined {
  if (!template.trim()) return 'must not be empty';
  let variables = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!IDENTITY_TEMPLATE_VARIABLES.includes(match[1] as Variable)) {
      return `'{{${
        match[1]
      }}}' is not a variable; use ${IDENTITY_TEMPLATE_VARIABLES.map(
        v => `{{${v}}}`,
      ).join(', ')}`;
    }
    variables++;
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest))
    return `has an unmatched brace: write variables as {{name}}`;
  if (hasControlCharacters(template))
    return 'must not contain control characters (it becomes an HTTP header)';
  if (!variables)
    return `names no variable, so every user (or group) would get the same name; use ${IDENTITY_TEMPLATE_VARIABLES.map(
      v => `{{${v}}}`,
    ).join(', ')}`;
  return undefined;
}

/**
 * Renders a template for an entity: `{{kind}}` (lower-case), `{{namespace}}`,
 * `{{name}}`, `{{ref}}` (`user:default/alice`). The template was checked at start-up.
 */
export function renderIdentityTemplate(
  template: string,
  entity: CompoundEntityRef,
): string {
  const values: Record<Variable, string> = {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.namespace,
    name: entity.name,
    ref: stringifyEntityRef(entity),
  };
  return template.replace(
    PLACEHOLDER,
    (_all, variable: string) => values[variable as Variable] ?? '',
  );
}
