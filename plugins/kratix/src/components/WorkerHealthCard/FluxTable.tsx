import { Link } from '@backstage/core-components';
import {
  describeResourceId,
  type FluxObjectStatus,
} from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import type { KratixLinks } from '../../hooks/useKratixLinks';
import { formatAge } from '../../lib/format';
import { KratixTable } from '../KratixTable';
import { StateStatus } from '../StateStatus';
import { failureKeyPart } from './failureKeyPart';

const useStyles = makeStyles(theme => ({
  mono: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    fontSize: 12.5,
    wordBreak: 'break-word',
  },
  failing: { color: theme.palette.error.main },
  key: {
    backgroundColor: theme.palette.type === 'dark' ? '#5c2b29' : '#fdecea',
    color: theme.palette.error.main,
    fontWeight: 700,
  },
  explain: { marginTop: theme.spacing(1) },
}));

function withKeyPart(
  message: string,
  key: string | undefined,
  className: string,
) {
  if (!key) return message;
  const at = message.indexOf(key);
  return (
    <>
      {message.slice(0, at)}
      <mark className={className}>{key}</mark>
      {message.slice(at + key.length)}
    </>
  );
}

type Implicated = FluxObjectStatus['implicatedRequests'];
const named = (o: FluxObjectStatus): Implicated =>
  o.implicatedRequests.filter(r => !r.carries);
const carriers = (o: FluxObjectStatus): Implicated =>
  o.implicatedRequests.filter(r => r.carries);

function requestLinks(
  requests: Implicated,
  platform: string,
  links: KratixLinks | undefined,
) {
  return requests.map((r, i) => (
    <Fragment key={`${r.namespace}/${r.promise}/${r.name}`}>
      {i > 0 && ', '}
      {links ? (
        <Link to={links.request({ platform, ...r })}>
          {r.promise} request {r.namespace}/{r.name}
        </Link>
      ) : (
        `${r.promise} request ${r.namespace}/${r.name}`
      )}
    </Fragment>
  ));
}

/** Why a failing object fails: the key part of its message, and the requests behind it. */
const Explanation = (props: {
  object: FluxObjectStatus;
  failureKey?: string;
  platform: string;
  links?: KratixLinks;
}) => {
  const { object: o, failureKey: key, platform, links } = props;
  return (
    <>
      {key && (
        <>
          The key part: <strong>{key}</strong>. Flux applies nothing from this
          revision until it is fixed.{' '}
        </>
      )}
      {named(o).length > 0 && (
        <>Caused by the output of {requestLinks(named(o), platform, links)}. </>
      )}
      {carriers(o).length > 0 && (
        <>
          {named(o).length > 0 ? 'The same object' : 'The object'} (
          <code>{describeResourceId(carriers(o)[0].carries!)}</code>) is also in
          the output of {requestLinks(carriers(o), platform, links)}: only one
          of them can hold it.
        </>
      )}
    </>
  );
};

/**
 * Flux objects the way `kubectl get kustomizations -n flux-system` lists them (NAME,
 * SINCE, READY, STATUS), the failing ones in red with the key part of the message marked
 * and the requests that caused it linked.
 */
export const FluxTable = (props: {
  label: string;
  objects: FluxObjectStatus[];
  platform: string;
  links?: KratixLinks;
}) => {
  const { objects, platform, links } = props;
  const classes = useStyles();
  const now = Date.now();
  if (!objects.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No {props.label.toLowerCase()} found on this worker.
      </Typography>
    );
  }
  return (
    <KratixTable
      label={props.label}
      data={objects}
      rowKey={o => `${o.kind}/${o.namespace}/${o.name}`}
      rowTestId={o => `flux-${o.name}`}
      columns={[
        {
          title: 'NAME',
          compact: true,
          render: o => (
            <span className={classes.mono}>
              {o.kind === 'Kustomization' ? '' : `${o.kind}/`}
              {o.name}
              {o.suspended && ' (suspended)'}
            </span>
          ),
        },
        {
          title: 'SINCE',
          compact: true,
          render: o => (
            <span className={classes.mono}>
              {formatAge(o.lastTransitionTime, now)}
            </span>
          ),
        },
        {
          title: 'READY',
          compact: true,
          render: o => <StateStatus state={o.ready} />,
        },
        {
          title: 'STATUS',
          render: o => {
            const failing = o.ready === 'False';
            const key = failing ? failureKeyPart(o.message) : undefined;
            return (
              <>
                <span
                  className={`${classes.mono} ${
                    failing ? classes.failing : ''
                  }`}
                >
                  {withKeyPart(o.message ?? o.reason ?? '', key, classes.key)}
                </span>
                {failing && (key || o.implicatedRequests.length > 0) && (
                  <Typography variant="body2" className={classes.explain}>
                    <Explanation
                      object={o}
                      failureKey={key}
                      platform={platform}
                      links={links}
                    />
                  </Typography>
                )}
              </>
            );
          },
        },
      ]}
    />
  );
};
