import { requestOutcome } from './requestOutcome';

const c = (
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
) => ({
  type,
  status,
  reason,
});

describe('requestOutcome', () => {
  it('succeeds once the configure workflow completed and the Works are ready', () => {
    expect(
      requestOutcome([
        c(
          'ConfigureWorkflowCompleted',
          'True',
          'PipelinesExecutedSuccessfully',
        ),
        c('WorksSucceeded', 'True', 'WorksSucceeded'),
      ]),
    ).toBe('succeeded');
  });

  it('fails when the configure workflow failed', () => {
    expect(
      requestOutcome([
        c('ConfigureWorkflowCompleted', 'False', 'ConfigureWorkflowFailed'),
      ]),
    ).toBe('failed');
  });

  it('waits while the workflow runs or the Works are not ready yet', () => {
    expect(requestOutcome([])).toBe('pending');
    expect(
      requestOutcome([
        c('ConfigureWorkflowCompleted', 'False', 'PipelinesInProgress'),
      ]),
    ).toBe('pending');
    expect(
      requestOutcome([
        c('ConfigureWorkflowCompleted', 'True'),
        c('WorksSucceeded', 'Unknown'),
      ]),
    ).toBe('pending');
  });
});
