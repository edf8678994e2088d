import { InfoCard } from '@backstage/core-components';
import type {
  PipelineDefinition,
  PromiseDetail,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { KratixTable } from '../KratixTable';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  workflow: { marginBottom: theme.spacing(2) },
  kratix: { color: theme.palette.text.secondary },
}));

const WORKFLOWS = [
  ['resource', 'configure', 'Runs for each request, on create and change.'],
  [
    'resource',
    'delete',
    'Runs when a request is deleted (only the first pipeline).',
  ],
  ['promise', 'configure', 'Runs when the Promise is installed or changed.'],
  ['promise', 'delete', 'Runs when the Promise is deleted.'],
] as const;

/** One stage of a pipeline as the table lists it; Kratix's own stages are marked. */
interface StageRow {
  pipeline: string;
  first: boolean;
  stage: string;
  image?: string;
}

const PipelineTable = (props: {
  label: string;
  pipelines: PipelineDefinition[];
  action: 'configure' | 'delete';
}) => {
  const { pipelines, action } = props;
  const classes = useStyles();
  const rows: StageRow[] = pipelines.flatMap(p => [
    { pipeline: p.name, first: true, stage: 'reader' },
    ...p.containers.map(c => ({
      pipeline: p.name,
      first: false,
      stage: c.name,
      image: c.image,
    })),
    {
      pipeline: p.name,
      first: false,
      stage:
        action === 'configure' ? 'work-writer, status-writer' : 'status-writer',
    },
  ]);
  return (
    <KratixTable
      label={props.label}
      data={rows}
      rowKey={r => `${r.pipeline}/${r.stage}`}
      columns={[
        {
          title: 'Pipeline',
          compact: true,
          render: r =>
            r.first && <span className={classes.mono}>{r.pipeline}</span>,
        },
        {
          title: 'Stages, in order',
          compact: true,
          render: r => <span className={classes.mono}>{r.stage}</span>,
        },
        {
          title: 'Image',
          render: r =>
            r.image ? (
              <span className={classes.mono}>{r.image}</span>
            ) : (
              <span className={classes.kratix}>added by Kratix</span>
            ),
        },
      ]}
    />
  );
};

/** The Promise's workflows: for each, its pipelines and their stages' images. */
export const PromiseWorkflowsCard = ({
  promise,
}: {
  promise: PromiseDetail;
}) => {
  const classes = useStyles();
  const { workflows } = promise;
  return (
    <InfoCard
      title="Workflows"
      subheader={[
        workflows.pipelineNamespace
          ? `Pipelines run in namespace ${workflows.pipelineNamespace}`
          : undefined,
        workflows.reconciliationInterval
          ? `re-run every ${workflows.reconciliationInterval}`
          : undefined,
      ]
        .filter(Boolean)
        .join(', ')}
    >
      {WORKFLOWS.map(([type, action, what]) => {
        const pipelines = workflows[type][action];
        return (
          <Box key={`${type}.${action}`} className={classes.workflow}>
            <Typography variant="subtitle2">
              {type}.{action}{' '}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {what}
              </Typography>
            </Typography>
            {pipelines.length ? (
              <PipelineTable
                label={`Pipelines of ${type}.${action}`}
                pipelines={pipelines}
                action={action}
              />
            ) : (
              <Typography variant="body2" color="textSecondary">
                None.
              </Typography>
            )}
          </Box>
        );
      })}
    </InfoCard>
  );
};
