import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import * as fx from '../../__testUtils__/fixtures';
import { WorkflowPipelines } from './WorkflowPipelines';

const rows = (table: string) =>
  within(screen.getByRole('table', { name: table }))
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );

describe('WorkflowPipelines', () => {
  it('shows the configure and the delete workflow apart, each pipeline in order with phase, attempts, next retry, message and short hash', async () => {
    await renderInTestApp(
      <WorkflowPipelines pipelines={fx.troubledRequest().pipelines} />,
    );
    expect(screen.getByText('Configure workflow')).toBeInTheDocument();
    expect(screen.getByText('Delete workflow')).toBeInTheDocument();
    const configure = rows('Pipelines of the configure workflow');
    expect(configure.map(r => [r[0], r[1], r[2], r[3], r[5], r[6]])).toEqual([
      ['1', 'resource-configure', 'Succeeded', '1', '–', '5058f1af'],
      [
        '2',
        'approval',
        'Suspended',
        '3',
        'waiting for approval from the DBA team',
        '–',
      ],
    ]);
    expect(configure[0][4]).toBe('–');
    expect(configure[1][4]).toMatch(/^in 4m \(.+\)$/);
    expect(rows('Pipelines of the delete workflow')).toEqual([
      ['1', 'instance-delete', 'Failed', '–', '–', 'exit code 1', 'a1b2c3d4'],
    ]);
  });

  it('says when a workflow has not run', async () => {
    await renderInTestApp(
      <WorkflowPipelines pipelines={fx.request('example').pipelines} />,
    );
    expect(
      screen.getByText('The delete workflow has not run.'),
    ).toBeInTheDocument();
    expect(rows('Pipelines of the configure workflow')).toEqual([
      ['1', 'resource-configure', 'Succeeded', '–', '–', '–', '–'],
    ]);
  });
});
