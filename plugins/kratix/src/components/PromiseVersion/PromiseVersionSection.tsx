import type { RequestPromiseVersion } from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { ConditionList } from '../ConditionList';
import { KeyValueTable } from '../KeyValueTable';

/**
 * The Promise version a request is bound to, from its ResourceBinding: the version it
 * asks for, the one its workflows last completed at, one whose upgrade failed, and the
 * binding's `UpgradeSucceeded` condition.
 */
export const PromiseVersionSection = ({
  version,
}: {
  version?: RequestPromiseVersion;
}) => {
  if (!version) {
    return (
      <Typography variant="body2" color="textSecondary">
        No ResourceBinding: this platform does not version its Promises
        (PromiseRevisions), or has not bound this request yet.
      </Typography>
    );
  }
  const values: Record<string, unknown> = {
    'Bound to (desired)': version.desired,
    'Last applied version': version.lastAppliedVersion,
  };
  if (version.failedVersion) values['Failed version'] = version.failedVersion;
  if (version.current) values['Version of the last run'] = version.current;
  if (version.binding) values.ResourceBinding = version.binding;
  return (
    <>
      <KeyValueTable
        label="Promise version"
        values={values}
        emptyMessage="No version reported."
      />
      {version.upgrade && (
        <ConditionList conditions={[version.upgrade]} subject="binding" />
      )}
    </>
  );
};
