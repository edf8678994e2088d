import type {
  PipelinePhase,
  WorkflowAction,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatRelative, formatTime, shortHash } from '../../lib/format';
import { KratixTable } from '../KratixTable';
import { StateStatus } from '../StateStatus';

const useStyles = makeStyles(theme => ({
  workflow: { marginBottom: theme.spacing(2) },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  message: { overflowWrap: 'anywhere' },
}));

const WORKFLOWS: Array<[WorkflowAction, string, string]> = [
  [
    'configure',
    'Configure workflow',
    'No configure pipeline has reported yet.',
  ],
  ['delete', 'Delete workflow', 'The delete workflow has not run.'],
];

/**
 * The last known phase of each pipeline, as Kratix keeps it in
 * `status.kratix.workflows`: the configure workflow's pipelines in order, then the
 * delete workflow's, each with its phase, attempts, next retry, message and the hash
 * of its last run.
 */
export const WorkflowPipelines = ({
  pipelines,
}: {
  pipelines: PipelinePhase[];
}) => {
  const classes = useStyles();
  const now = Date.now();
  return (
    <>
      {WORKFLOWS.map(([workflow, title, empty]) => {
        const rows = pipelines.filter(p => p.workflow === workflow);
        return (
          <Box key={workflow} className={classes.workflow}>
            <Typography variant="subtitle2">{title}</Typography>
            {rows.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {empty}
              </Typography>
            ) : (
              <KratixTable
                label={`Pipelines of the ${workflow} workflow`}
                data={rows}
                rowKey={p => `${workflow}/${p.name}`}
                columns={[
                  {
                    title: '#',
                    compact: true,
                    render: p => rows.indexOf(p) + 1,
                  },
                  {
                    title: 'Pipeline',
                    compact: true,
                    render: p => <span className={classes.mono}>{p.name}</span>,
                  },
                  {
                    title: 'Phase',
                    compact: true,
                    render: p => (
                      <Tooltip
                        title={
                          p.lastTransitionTime
                            ? `since ${formatTime(p.lastTransitionTime)}`
                            : ''
                        }
                      >
                        <span>
                          <StateStatus state={p.phase} />
                        </span>
                      </Tooltip>
                    ),
                  },
                  {
                    title: 'Attempts',
                    compact: true,
                    render: p => p.attempts ?? '–',
                  },
                  {
                    title: 'Next retry',
                    compact: true,
                    render: p =>
                      p.nextRetryAt
                        ? `${formatRelative(p.nextRetryAt, now)} (${formatTime(
                            p.nextRetryAt,
                          )})`
                        : '–',
                  },
                  {
                    title: 'Message',
                    render: p => (
                      <span className={classes.message}>
                        {p.message ?? '–'}
                      </span>
                    ),
                  },
                  {
                    title: 'Hash',
                    compact: true,
                    render: p =>
                      p.hash ? (
                        <Tooltip title={`kratix.io/hash ${p.hash}`}>
                          <span className={classes.mono}>
                            {shortHash(p.hash)}
                          </span>
                        </Tooltip>
                      ) : (
                        '–'
                      ),
                  },
                ]}
              />
            )}
          </Box>
        );
      })}
    </>
  );
};
