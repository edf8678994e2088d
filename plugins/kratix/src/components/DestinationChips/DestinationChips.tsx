import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useKratixLinks } from '../../hooks/useKratixLinks';

/**
 * The Destinations a request's workloads were placed on, as chips linking to each
 * Destination's view (plain chips in apps without the Kratix page).
 */
export const DestinationChips = (props: {
  platform: string;
  destinations: string[];
  emptyMessage?: string;
}) => {
  const links = useKratixLinks();
  if (!props.destinations.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage ?? '–'}
      </Typography>
    );
  }
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 4 }}
      role="list"
      aria-label="Destinations"
    >
      {props.destinations.map(name => (
        <span role="listitem" key={name}>
          {links ? (
            <Link
              to={links.destination({ platform: props.platform, name })}
              underline="none"
            >
              <Chip size="small" label={name} />
            </Link>
          ) : (
            <Chip size="small" label={name} />
          )}
        </span>
      ))}
    </Box>
  );
};
