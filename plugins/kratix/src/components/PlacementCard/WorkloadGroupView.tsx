import { Link } from '@backstage/core-components';
import {
  conditionHint,
  type Work,
  type WorkloadGroup,
  type WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KratixLinks } from '../../hooks/useKratixLinks';
import { ConditionList } from '../ConditionList';
import { KratixTable } from '../KratixTable';
import { StateStatus } from '../StateStatus';

const useStyles = makeStyles(theme => ({
  group: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(2),
    marginTop: theme.spacing(2),
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  files: { margin: theme.spacing(0.5, 0, 1), paddingLeft: theme.spacing(3) },
}));

/** A WorkPlacement condition (scheduled, written) as a status with its message. */
const ConditionStatus = ({
  condition: c,
}: {
  condition?: { status: string; message?: string };
}) =>
  c ? <StateStatus state={c.status} label={c.message ?? c.status} /> : <>–</>;

/** WorkPlacements whose conditions call for action (a hint, or a False one). */
const troubled = (placements: WorkPlacement[]) =>
  placements.filter(wp =>
    wp.conditions.some(
      c => c.status === 'False' || conditionHint(c, 'workplacement'),
    ),
  );

/** One workload group of a Work: its selectors, its files, and where it was placed. */
export const WorkloadGroupView = (props: {
  platform: string;
  work: Work;
  group: WorkloadGroup;
  placements: WorkPlacement[];
  links?: KratixLinks;
}) => {
  const { platform, work, group, placements, links } = props;
  const classes = useStyles();
  return (
    <Box
      className={classes.group}
      data-testid={`workload-group-${group.id.slice(0, 5)}`}
    >
      <Box className={classes.row}>
        <Typography variant="subtitle2">
          Workload group{' '}
          <span className={classes.mono}>
            {group.directory === '.' ? '. (root)' : group.directory}
          </span>{' '}
          <Typography component="span" variant="caption" color="textSecondary">
            {group.id.slice(0, 5)}
          </Typography>
        </Typography>
        {group.destinationSelectors.length ? (
          group.destinationSelectors.map((s, i) => (
            <Chip
              key={i}
              size="small"
              label={`${Object.entries(s.matchLabels)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}${s.source ? ` (from ${s.source})` : ''}`}
            />
          ))
        ) : (
          <Chip size="small" label="no selectors: any Destination" />
        )}
      </Box>
      <ul className={classes.files} aria-label={`Files of ${group.directory}`}>
        {group.files.map(f => (
          <li key={f.path}>
            <span className={classes.mono}>{f.path}</span>{' '}
            <Typography
              component="span"
              variant="caption"
              color="textSecondary"
            >
              {f.bytes} bytes
            </Typography>
          </li>
        ))}
      </ul>
      {placements.length === 0 ? (
        <Typography variant="body2" color="error">
          Not scheduled to any Destination
          {work.message ? `: ${work.message}` : ''}
        </Typography>
      ) : (
        <KratixTable
          label={`Destinations of ${work.name} ${group.directory}`}
          data={placements}
          rowKey={wp => wp.name}
          columns={[
            {
              title: 'Destination',
              compact: true,
              render: wp =>
                links ? (
                  <Link
                    to={links.destination({ platform, name: wp.destination })}
                  >
                    {wp.destination}
                  </Link>
                ) : (
                  wp.destination
                ),
            },
            {
              title: 'State',
              compact: true,
              render: wp => (
                <>
                  <StateStatus state={wp.state} />
                  {wp.misplaced && (
                    <Typography variant="caption" component="div" color="error">
                      misplaced: the Destination no longer matches
                    </Typography>
                  )}
                </>
              ),
            },
            {
              title: 'Scheduling',
              render: wp => <ConditionStatus condition={wp.scheduled} />,
            },
            {
              title: 'Written to state store',
              render: wp => <ConditionStatus condition={wp.written} />,
            },
            {
              title: 'Commit',
              compact: true,
              render: wp => (
                <span className={classes.mono}>
                  {wp.versionID ? wp.versionID.slice(0, 8) : '–'}
                </span>
              ),
            },
          ]}
        />
      )}
      {troubled(placements).map(wp => (
        <Box key={wp.name} mt={1} data-testid={`workplacement-${wp.name}`}>
          <Typography variant="caption" color="textSecondary">
            WorkPlacement <span className={classes.mono}>{wp.name}</span>
          </Typography>
          <ConditionList conditions={wp.conditions} subject="workplacement" />
        </Box>
      ))}
    </Box>
  );
};
