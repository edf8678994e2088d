import { MarkdownContent, Progress } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { RequestPreview } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KratixPreviewRequestBody } from '../../api';
import { DemoDataChip } from '../DemoDataChip';
import { KratixErrorPanel } from '../KratixErrorPanel';
import { StateStatus } from '../StateStatus';
import { PreviewFiles } from './PreviewFiles';
import { useRequestPreview } from './useRequestPreview';

/** The field's `ui:options`: the Promise the template requests from. */
export interface RequestPreviewUiOptions {
  platform?: string;
  promise?: string;
}

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2) },
}));

const METHOD: Record<RequestPreview['method'], string> = {
  'kratix-dry-run': 'Kratix DryRun',
  'server-dry-run': 'Server-side dry run',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request the other steps of the form describe, once it has a name and namespace. */
function requestOf(formData: unknown): KratixPreviewRequestBody | undefined {
  if (!isObject(formData)) return undefined;
  const { name, namespace, spec } = formData;
  if (typeof name !== 'string' || !name) return undefined;
  if (typeof namespace !== 'string' || !namespace) return undefined;
  return { name, namespace, spec: isObject(spec) ? spec : {} };
}

const Result = ({ preview }: { preview: RequestPreview }) => {
  const classes = useStyles();
  const failed = preview.dryRun && preview.dryRun.state !== 'completed';
  return (
    <>
      <Box className={classes.row}>
        <StateStatus
          state={failed ? 'failed' : 'succeeded'}
          label={METHOD[preview.method]}
        />
        <DemoDataChip demo={preview.demo} />
      </Box>
      <Typography variant="body2" data-testid="kratix-preview-note">
        {preview.note}
      </Typography>
      {failed && (
        <Typography
          variant="body2"
          color="error"
          data-testid="kratix-preview-dry-run-message"
        >
          DryRun {preview.dryRun!.name} {preview.dryRun!.state}
          {preview.dryRun!.message ? `: ${preview.dryRun!.message}` : ''}
        </Typography>
      )}
      {preview.summary && (
        <Box className={classes.section} data-testid="kratix-preview-summary">
          <Typography variant="subtitle2">Kratix's summary</Typography>
          <MarkdownContent content={preview.summary} />
        </Box>
      )}
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Files the pipelines would write ({preview.files.length})
        </Typography>
        {preview.files.length ? (
          <PreviewFiles files={preview.files} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {preview.method === 'server-dry-run'
              ? 'None shown: the API server only checks the request; the files come from a Kratix DryRun.'
              : 'The pipelines would write no files for this request.'}
          </Typography>
        )}
      </Box>
    </>
  );
};

/**
 * The `KratixRequestPreview` field of the generated templates' last step: what Kratix
 * would write for the name, namespace and spec given in the other steps (read from
 * `formContext.formData`), previewed again when they change. Read-only: its value
 * stays undefined.
 */
export const RequestPreviewField = (
  props: FieldExtensionComponentProps<unknown, RequestPreviewUiOptions>,
) => {
  const options = props.uiSchema?.['ui:options'] ?? {};
  const { platform, promise } = options;
  const formContext = (props.formContext ?? props.registry?.formContext) as
    | { formData?: unknown }
    | undefined;
  const body = requestOf(formContext?.formData);
  const preview = useRequestPreview(
    platform && promise ? { platform, promise } : undefined,
    body,
  );
  const title = props.schema?.title ?? 'Preview';

  let content;
  if (!platform || !promise) {
    content = (
      <Typography variant="body2" color="error">
        This field needs ui:options platform and promise (the Promise to preview
        a request of).
      </Typography>
    );
  } else if (!body) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Give the request a name and a namespace first: the preview needs them.
      </Typography>
    );
  } else {
    content = (
      <>
        {preview.loading && <Progress />}
        {preview.error && (
          <KratixErrorPanel error={preview.error} what="the preview" />
        )}
        {preview.value && !preview.error && <Result preview={preview.value} />}
      </>
    );
  }
  return (
    <Box role="region" aria-label={title}>
      <Typography variant="h6">{title}</Typography>
      {props.schema?.description && (
        <Typography variant="body2" color="textSecondary">
          {props.schema.description}
        </Typography>
      )}
      <Box mt={1}>{content}</Box>
    </Box>
  );
};
