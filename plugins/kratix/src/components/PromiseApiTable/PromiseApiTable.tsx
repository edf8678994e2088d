import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { KratixTable } from '../KratixTable';
import { schemaFields } from './schemaFields';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  required: { color: theme.palette.error.main, fontWeight: 600 },
}));

/** The fields a request of the Promise can set, read from its API schema. */
export const PromiseApiTable = (props: {
  apiSchema?: Record<string, unknown>;
}) => {
  const classes = useStyles();
  const fields = schemaFields(props.apiSchema);
  if (!fields.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        The API declares no spec fields: a request needs only a name.
      </Typography>
    );
  }
  return (
    <KratixTable
      label="API fields"
      data={fields}
      rowKey={field => field.path}
      columns={[
        {
          title: 'Field',
          compact: true,
          render: field => (
            <span className={classes.mono}>spec.{field.path}</span>
          ),
        },
        {
          title: 'Type',
          compact: true,
          render: field => (
            <>
              {field.type}
              {field.allowed && (
                <Typography variant="caption" component="div">
                  one of {field.allowed.map(v => JSON.stringify(v)).join(', ')}
                </Typography>
              )}
              {field.constraints.length > 0 && (
                <Typography variant="caption" component="div">
                  {field.constraints.join(', ')}
                </Typography>
              )}
            </>
          ),
        },
        {
          title: 'Required',
          compact: true,
          render: field =>
            field.required ? (
              <span className={classes.required}>required</span>
            ) : (
              'optional'
            ),
        },
        {
          title: 'Default',
          compact: true,
          render: field => (
            <span className={classes.mono}>
              {field.default === undefined
                ? '–'
                : JSON.stringify(field.default)}
            </span>
          ),
        },
        {
          title: 'Description',
          render: field => field.description ?? '–',
        },
      ]}
    />
  );
};
