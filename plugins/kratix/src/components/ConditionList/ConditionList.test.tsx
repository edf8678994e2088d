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
      screen
        .getAllByTestId('kratix-condition-explained')
        .map(e => e.textContent),
    ).toEqual([
      'Configure workflow completed: ConfigureWorkflowFailed · A Configure Pipeline has failed: resource-configure' +
        'What to do: A configure pipeline failed: open the failed run and its stage log, fix the input or the Promise, then re-run.',
    ]);
    expect(screen.queryByText(/^Reconciled$/)).toBeInTheDocument();
  });

  it("writes out Kratix's reason and message verbatim for an Unknown condition, with the next step for its subject", async () => {
    await renderInTestApp(
      <ConditionList
        subject="promise"
        conditions={[
          {
            type: 'Reconciled',
            status: 'Unknown',
            reason: 'WorkflowSuspended',
            message:
              'Workflow suspended: waiting for approval from the DBA team',
          },
          {
            type: 'ScheduleSucceeded',
            status: 'False',
            reason: 'UnscheduledWorkloadGroups',
            message:
              'No matching destination found for workloadGroups: [5058f]',
          },
        ]}
      />,
    );
    expect(
      screen
        .getAllByTestId('kratix-condition-explained')
        .map(e => e.textContent),
    ).toEqual([
      'Reconciled: WorkflowSuspended · Workflow suspended: waiting for approval from the DBA team' +
        'What to do: A pipeline stage suspended the workflow (workflow-control.yaml); read its message, then resume the workflow or wait for the retry time of the Promise.',
      'Schedule succeeded: UnscheduledWorkloadGroups · No matching destination found for workloadGroups: [5058f]' +
        "What to do: No Destination matches the workload selectors: add a Destination with matching labels, or change the Promise's destinationSelectors or the pipeline's destination-selectors.yaml.",
    ]);
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
