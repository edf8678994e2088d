import { InfoCard } from '@backstage/core-components';
import type {
  PipelineDefinition,
  PromiseDetail,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

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

const PipelineTable = (props: {
  pipelines: PipelineDefinition[];
  action: 'configure' | 'delete';
}) => {
  const { pipelines, action } = props;
  const classes = useStyles();
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Pipeline</TableCell>
          <TableCell>Stages, in order</TableCell>
          <TableCell>Image</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pipelines.flatMap(p => [
          <TableRow key={`${p.name}/reader`} className={classes.kratix}>
            <TableCell className={classes.mono}>{p.name}</TableCell>
            <TableCell className={classes.mono}>reader</TableCell>
            <TableCell>added by Kratix</TableCell>
          </TableRow>,
          ...p.containers.map(c => (
            <TableRow key={`${p.name}/${c.name}`}>
              <TableCell />
              <TableCell className={classes.mono}>{c.name}</TableCell>
              <TableCell className={classes.mono}>{c.image}</TableCell>
            </TableRow>
          )),
          <TableRow key={`${p.name}/writers`} className={classes.kratix}>
            <TableCell />
            <TableCell className={classes.mono}>
              {action === 'configure'
                ? 'work-writer, status-writer'
                : 'status-writer'}
            </TableCell>
            <TableCell>added by Kratix</TableCell>
          </TableRow>,
        ])}
      </TableBody>
    </Table>
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
              <PipelineTable pipelines={pipelines} action={action} />
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
