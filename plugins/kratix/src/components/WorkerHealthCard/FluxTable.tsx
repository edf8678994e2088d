import { Link } from '@backstage/core-components';
import {
  describeResourceId,
  type FluxObjectStatus,
} from '@kratix-backstage/plugin-kratix-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import type { KratixLinks } from '../../hooks/useKratixLinks';
import { formatAge } from '../../lib/format';
import { failureKeyPart } from './failureKeyPart';

const useStyles = makeStyles(theme => ({
  mono: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    fontSize: 12.5,
    wordBreak: 'break-word',
  },
  nowrap: { whiteSpace: 'nowrap', wordBreak: 'normal' },
  failing: { color: theme.palette.error.main },
  key: {
    backgroundColor: theme.palette.type === 'dark' ? '#5c2b29' : '#fdecea',
    color: theme.palette.error.main,
    fontWeight: 700,
  },
  explain: { borderBottom: 'none' },
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

/**
 * Flux objects the way `kubectl get kustomizations -n flux-system` lists them (NAME,
 * READY, STATUS), the failing ones in red with the key part of the message marked and
 * the requests that caused it linked.
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
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {['NAME', 'SINCE', 'READY', 'STATUS'].map(h => (
            <TableCell key={h} className={classes.nowrap}>
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {objects.map(o => {
          const failing = o.ready === 'False';
          const key = failing ? failureKeyPart(o.message) : undefined;
          return (
            <Fragment key={`${o.kind}/${o.namespace}/${o.name}`}>
              <TableRow data-testid={`flux-${o.name}`}>
                <TableCell className={`${classes.mono} ${classes.nowrap}`}>
                  {o.kind === 'Kustomization' ? '' : `${o.kind}/`}
                  {o.name}
                  {o.suspended && ' (suspended)'}
                </TableCell>
                <TableCell className={`${classes.mono} ${classes.nowrap}`}>
                  {formatAge(o.lastTransitionTime, now)}
                </TableCell>
                <TableCell
                  className={`${classes.mono} ${classes.nowrap} ${
                    failing ? classes.failing : ''
                  }`}
                >
                  {o.ready}
                </TableCell>
                <TableCell
                  className={`${classes.mono} ${
                    failing ? classes.failing : ''
                  }`}
                >
                  {withKeyPart(o.message ?? o.reason ?? '', key, classes.key)}
                </TableCell>
              </TableRow>
              {failing && (key || o.implicatedRequests.length > 0) && (
                <TableRow>
                  <TableCell colSpan={4}>
                    <Typography variant="body2">
                      {key && (
                        <>
                          The key part: <strong>{key}</strong>. Flux applies
                          nothing from this revision until it is fixed.{' '}
                        </>
                      )}
                      {named(o).length > 0 && (
                        <>
                          Caused by the output of{' '}
                          {requestLinks(named(o), platform, links)}.{' '}
                        </>
                      )}
                      {carriers(o).length > 0 && (
                        <>
                          {named(o).length > 0
                            ? 'The same object'
                            : 'The object'}{' '}
                          (
                          <code>
                            {describeResourceId(carriers(o)[0].carries!)}
                          </code>
                          ) is also in the output of{' '}
                          {requestLinks(carriers(o), platform, links)}: only one
                          of them can hold it.
                        </>
                      )}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
};
