import { InfoCard } from '@backstage/core-components';
import type { Placement } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { formatTime } from '../../lib/format';
import { ConditionList } from '../ConditionList';
import { DemoDataChip } from '../DemoDataChip';
import { PartialErrors } from '../KratixErrorPanel';
import { StateStatus } from '../StateStatus';
import { WorkloadGroupView } from './WorkloadGroupView';

const useStyles = makeStyles(theme => ({
  work: {
    padding: theme.spacing(2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    marginBottom: theme.spacing(2),
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
}));

/**
 * Where the pipelines' output went: each Work, its workload groups (files and
 * selectors), and the Destinations each group was scheduled and written to.
 */
export const PlacementCard = (props: {
  placement: Placement;
  emptyMessage: string;
}) => {
  const { placement } = props;
  const classes = useStyles();
  const links = useKratixLinks();
  return (
    <InfoCard
      title="Work placement"
      subheader="Works → workload groups → Destinations: what the pipelines wrote, and where Kratix scheduled it."
      action={<DemoDataChip demo={placement.demo} />}
    >
      <PartialErrors errors={placement.errors} />
      {placement.works.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {props.emptyMessage}
        </Typography>
      )}
      {placement.works.map(work => (
        <Box key={`${work.namespace}/${work.name}`} className={classes.work}>
          <Box className={classes.row}>
            <Typography variant="subtitle1">
              Work <span className={classes.mono}>{work.name}</span>
            </Typography>
            <StateStatus state={work.state} />
          </Box>
          <Typography variant="body2" color="textSecondary">
            {work.pipeline
              ? `Written by pipeline ${work.pipeline}`
              : 'Static dependencies'}
            {work.lastExecutionTimestamp
              ? `, last at ${formatTime(work.lastExecutionTimestamp)}`
              : ''}
            {work.message ? ` · ${work.message}` : ''}
          </Typography>
          {work.conditions.length > 0 && (
            <Box mt={1}>
              <ConditionList conditions={work.conditions} subject="work" />
            </Box>
          )}
          {work.workloadGroups.map(group => (
            <WorkloadGroupView
              key={group.id}
              platform={placement.platform}
              work={work}
              group={group}
              links={links}
              placements={placement.workPlacements.filter(
                wp =>
                  wp.work === work.name &&
                  wp.namespace === work.namespace &&
                  wp.workloadGroupId === group.id,
              )}
            />
          ))}
        </Box>
      ))}
    </InfoCard>
  );
};
