import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { kratixTestApis } from '../../__testUtils__/testApis';
import type { KratixOperationTarget } from '../../api';
import { OperationButtons } from './OperationButtons';
import { ResumeWorkflowButton } from './ResumeWorkflowButton';

const MINE: KratixOperationTarget = {
  kind: 'request',
  platform: 'demo',
  namespace: 'default',
  promise: 'elastic-cloud',
  name: 'mine',
};
const THEIRS: KratixOperationTarget = { ...MINE, name: 'theirs' };
const PROMISE: KratixOperationTarget = {
  kind: 'promise',
  platform: 'demo',
  name: 'elastic-cloud',
};

describe('OperationButtons: permissions on each request', () => {
  // A policy that allows the operations on one request only, as "only their own" does.
  const asked: Array<[string, string | undefined]> = [];
  const onlyMine = (permission: string, resourceRef?: string) => {
    asked.push([permission, resourceRef]);
    return resourceRef === 'demo:default/elastic-cloud/mine';
  };

  const render = (target: KratixOperationTarget) =>
    renderInTestApp(
      <FreshPermissions>
        <OperationButtons target={target} paused={false} />
        <ResumeWorkflowButton target={target} />
      </FreshPermissions>,
      { apis: kratixTestApis({ allow: onlyMine }).apis },
    );

  beforeEach(() => {
    asked.length = 0;
  });

  it("asks with the request's resource ref and shows the buttons where allowed", async () => {
    await render(MINE);
    expect(await screen.findByRole('button', { name: /Delete/ })).toBeVisible();
    expect(screen.getByRole('button', { name: /Re-run/ })).toBeVisible();
    expect(screen.getByRole('button', { name: /Pause/ })).toBeVisible();
    expect(
      screen.getByRole('button', { name: /Resume workflow/ }),
    ).toBeVisible();
    expect(asked).toEqual(
      expect.arrayContaining([
        ['kratix.resource.delete', 'demo:default/elastic-cloud/mine'],
        ['kratix.resource.rerun', 'demo:default/elastic-cloud/mine'],
        ['kratix.resource.pause', 'demo:default/elastic-cloud/mine'],
      ]),
    );
  });

  it("hides them on someone else's request", async () => {
    await render(THEIRS);
    await waitFor(() =>
      expect(asked).toContainEqual([
        'kratix.resource.delete',
        'demo:default/elastic-cloud/theirs',
      ]),
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('on a Promise, asks with a ref no request has (only an unconditional allow passes)', async () => {
    await render(PROMISE);
    await waitFor(() =>
      expect(asked).toContainEqual([
        'kratix.resource.rerun',
        'promise:demo/elastic-cloud',
      ]),
    );
    expect(screen.queryByRole('button')).toBeNull();
  });
});
