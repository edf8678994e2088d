import type { PreviewFile } from '@kratix-backstage/plugin-kratix-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMore from '@material-ui/icons/ExpandMore';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  pipeline: { marginLeft: theme.spacing(1) },
  code: {
    margin: 0,
    width: '100%',
    overflow: 'auto',
    maxHeight: '28rem',
    padding: theme.spacing(1.5),
    fontSize: '0.8rem',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** The files a preview says the pipelines would write, each one opened on demand. */
export const PreviewFiles = ({ files }: { files: PreviewFile[] }) => {
  const classes = useStyles();
  return (
    <div role="list" aria-label="Files the pipelines would write">
      {files.map(file => {
        const id = `${file.pipeline ?? ''}/${file.directory ?? ''}/${
          file.path
        }`;
        return (
          <Accordion
            key={id}
            role="listitem"
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography variant="body2" className={classes.mono}>
                {file.directory && file.directory !== '.'
                  ? `${file.directory}/`
                  : ''}
                {file.path}
              </Typography>
              {file.pipeline && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  className={classes.pipeline}
                >
                  from pipeline {file.pipeline}
                </Typography>
              )}
            </AccordionSummary>
            <AccordionDetails>
              <pre className={classes.code}>
                <code>{file.content}</code>
              </pre>
            </AccordionDetails>
          </Accordion>
        );
      })}
    </div>
  );
};
