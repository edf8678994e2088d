import { DEFAULT_IMPERSONATION, impersonationFor } from './impersonationFor';
import { checkIdentityTemplate, renderIdentityTemplate } from './templates';

describe('identity templates', () => {
  const alice = { kind: 'User', namespace: 'default', name: 'alice' };

  it('renders each variable of an entity ref', () => {
    expect(renderIdentityTemplate('{{name}}', alice)).toBe('alice');
    expect(
      renderIdentityTemplate('{{kind}}:{{ namespace }}/{{name}}', alice),
    ).toBe('user:default/alice');
    expect(renderIdentityTemplate('backstage:{{ref}}', alice)).toBe(
      'backstage:user:default/alice',
    );
    expect(
      renderIdentityTemplate('{{name}}@example.com', {
        kind: 'user',
        namespace: 'eu',
        name: 'bob',
      }),
    ).toBe('bob@example.com');
  });

  it('accepts templates of known variables and says what is wrong with others', () => {
    expect(checkIdentityTemplate('{{name}}')).toBeUndefined();
    expect(
      checkIdentityTemplate('oidc:{{ namespace }}.{{name}}'),
    ).toBeUndefined();
    expect(checkIdentityTemplate('')).toBe('must not be empty');
    expect(checkIdentityTemplate('{{email}}')).toMatch(
      /^'\{\{email\}\}' is not a variable; use \{\{kind\}\}, \{\{namespace\}\}, \{\{name\}\}, \{\{ref\}\}$/,
    );
    expect(checkIdentityTemplate('admin')).toMatch(/^names no variable/);
    expect(checkIdentityTemplate('{{name}')).toMatch(/unmatched brace/);
    expect(checkIdentityTemplate('{name}}')).toMatch(/unmatched brace/);
    expect(checkIdentityTemplate('{{name}}\r\nX-Evil: 1')).toMatch(
      /control characters/,
    );
  });
});

describe('impersonationFor', () => {
  it('names the user and groups by their entity names by default', () => {
    expect(
      impersonationFor('user:default/alice', [
        'group:default/team-a',
        'group:default/platform-team',
      ]),
    ).toEqual({ user: 'alice', groups: ['team-a', 'platform-team'] });
    expect(DEFAULT_IMPERSONATION).toEqual({
      userTemplate: '{{name}}',
      groupTemplate: '{{name}}',
      groupPrefix: '',
    });
  });

  it('applies the user template, then the group prefix before each group template', () => {
    expect(
      impersonationFor(
        'user:default/alice',
        ['group:default/team-a', 'group:eu/ops'],
        {
          userTemplate: 'oidc:{{name}}@example.com',
          groupTemplate: '{{namespace}}-{{name}}',
          groupPrefix: 'oidc:',
        },
      ),
    ).toEqual({
      user: 'oidc:alice@example.com',
      groups: ['oidc:default-team-a', 'oidc:eu-ops'],
    });
  });

  it('keeps groups once each, in order, and leaves out refs that are not groups', () => {
    expect(
      impersonationFor(
        'user:default/alice',
        [
          'group:default/b',
          'group:default/a',
          'group:default/b',
          'user:default/carol',
          'team-c',
        ],
        { ...DEFAULT_IMPERSONATION, groupPrefix: 'backstage:' },
      ),
    ).toEqual({
      user: 'alice',
      groups: ['backstage:b', 'backstage:a', 'backstage:team-c'],
    });
  });

  it("never impersonates Kubernetes' own system: identities", () => {
    expect(() =>
      impersonationFor('user:default/masters', [], {
        ...DEFAULT_IMPERSONATION,
        userTemplate: 'system:{{name}}',
      }),
    ).toThrow(
      "The impersonation template makes the Kubernetes user 'system:masters' of user:default/masters: names starting with 'system:' are Kubernetes' own and are never impersonated",
    );
    expect(() =>
      impersonationFor('user:default/alice', ['group:default/masters'], {
        ...DEFAULT_IMPERSONATION,
        groupPrefix: 'system:',
      }),
    ).toThrow(/Kubernetes group 'system:masters' of group:default\/masters/);
  });
});
