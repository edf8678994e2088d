import type { PipelineRun } from '@kratix-backstage/plugin-kratix-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMore from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { formatAge, formatDuration } from '../../lib/format';
import { StageLogViewer } from '../StageLogViewer';
import { StateStatus } from '../StateStatus';
import { StageTable } from './StageTable';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    width: '100%',
  },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  details: { display: 'block', overflowX: 'auto' },
  log: { marginTop: theme.spacing(2) },
}));

/** One pipeline run: a summary line, its stages, and the log of the stage picked. */
export const PipelineRunItem = (props: {
  run: PipelineRun;
  defaultExpanded: boolean;
}) => {
  const { run } = props;
  const classes = useStyles();
  const [stageName, setStageName] = useState<string>();
  const [expanded, setExpanded] = useState(props.defaultExpanded);
  const stage = run.stages.find(s => s.name === stageName);
  const now = Date.now();
  const duration =
    run.state === 'running' && run.startedAt
      ? `${formatDuration(now - Date.parse(run.startedAt))} so far`
      : formatDuration(run.durationMs);
  return (
    <Accordion
      expanded={expanded}
      onChange={(_, open) => setExpanded(open)}
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary
        expandIcon={<ExpandMore />}
        aria-label={`Run ${run.name}`}
      >
        <Box className={classes.summary}>
          <StateStatus state={run.state} />
          <Typography variant="subtitle2">
            {run.workflowType}.{run.workflowAction} / {run.pipeline}
          </Typography>
          <Typography variant="body2" className={classes.mono}>
            {run.name}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            started {formatAge(run.startedAt ?? run.createdAt, now)} ago ·{' '}
            {duration}
            {run.attempts > 1 ? ` · ${run.attempts} attempts` : ''}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails className={classes.details}>
        {run.state === 'running' && <LinearProgress />}
        {run.message && run.state === 'failed' && (
          <Typography variant="body2" color="error" gutterBottom>
            {run.reason ? `${run.reason}: ` : ''}
            {run.message}
          </Typography>
        )}
        <StageTable
          run={run}
          selected={stageName}
          onSelect={s =>
            setStageName(s.name === stageName ? undefined : s.name)
          }
        />
        {stage && run.pod && (
          <Box className={classes.log}>
            <Typography variant="subtitle2" gutterBottom>
              Log of {stage.name}
            </Typography>
            <StageLogViewer
              logRef={{
                platform: run.platform,
                namespace: run.namespace,
                pod: run.pod,
                container: stage.name,
              }}
              request={
                run.workflowType === 'resource' && run.resource
                  ? {
                      platform: run.platform,
                      promise: run.promise,
                      ...run.resource,
                    }
                  : undefined
              }
              promise={run.promise}
              stageState={stage.state}
            />
          </Box>
        )}
      </AccordionDetails>
    </Accordion>
  );
};
