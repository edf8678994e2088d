import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ConditionList } from './ConditionList';
import { humanize } from './humanize';

describe('ConditionList', () => {
  it('shows each condition with its reason, and spells out what is wrong', async () => {
    await renderInTestApp(
      <ConditionList
        conditions={[
          {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            message: 'A Configure Pipeline has failed: resource-configure',
          },
          {
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            message: 'Reconciled',
          },
        ]}
      />,
    );
    expect(
      screen
        .getAllByRole('listitem')
        .map(item => [
          item.getAttribute('aria-label'),
          item
            .querySelector('[data-testid^="status-"]')
            ?.getAttribute('data-testid'),
        ]),
    ).toEqual([
      [
        'ConfigureWorkflowCompleted False: ConfigureWorkflowFailed',
        'status-error',
      ],
      ['Reconciled True: Reconciled', 'status-ok'],
    ]);
    expect(
      screen.getByText('Configure workflow completed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('A Configure Pipeline has failed: resource-configure'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Reconciled$/)).toBeInTheDocument();
  });

  it('says so when there are no conditions yet', async () => {
    await renderInTestApp(<ConditionList conditions={[]} />);
    expect(screen.getByText('No conditions reported yet.')).toBeInTheDocument();
  });
});

describe('humanize', () => {
  it('turns condition types and reasons into words', () => {
    expect(
      [
        'ConfigureWorkflowCompleted',
        'WorksSucceeded',
        'RequirementsFulfilled',
      ].map(humanize),
    ).toEqual([
      'Configure workflow completed',
      'Works succeeded',
      'Requirements fulfilled',
    ]);
  });
});
