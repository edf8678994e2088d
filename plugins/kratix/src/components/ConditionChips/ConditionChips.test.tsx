import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ConditionChips } from './ConditionChips';
import { humanize } from './humanize';

describe('ConditionChips', () => {
  it('shows each condition with its reason, and spells out what is wrong', async () => {
    await renderInTestApp(
      <ConditionChips
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
        .map(chip => chip.getAttribute('aria-label')),
    ).toEqual([
      'ConfigureWorkflowCompleted False: ConfigureWorkflowFailed',
      'Reconciled True: Reconciled',
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
    await renderInTestApp(<ConditionChips conditions={[]} />);
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
