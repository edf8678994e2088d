import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Marks data from the backend's built-in demo platform, so nobody mistakes it for a
 * real cluster. Renders nothing for real data.
 */
export const DemoDataChip = ({ demo }: { demo?: boolean }) => {
  if (!demo) return null;
  return (
    <Tooltip title="This comes from the Kratix backend's built-in demo platform (the Kratix workshop), not from a real cluster. Turn it off with kratix.demo.enabled: false.">
      <Chip
        label="Demo data"
        size="small"
        color="secondary"
        variant="outlined"
        data-testid="kratix-demo-chip"
      />
    </Tooltip>
  );
};
