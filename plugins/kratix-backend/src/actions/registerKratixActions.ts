import { registerFollowActions } from './followActions';
import { registerPromiseActions } from './promiseActions';
import { registerNewRequestActions } from './requestActions';
import type { KratixActionsOptions } from './types';

/**
 * Registers the Kratix actions with Backstage's actions registry, for agents (served as
 * MCP tools by `@backstage/plugin-mcp-actions-backend`) and any other caller of the
 * actions service: `list-promises`, `describe-promise-api`, `validate-request`,
 * `create-request`, `get-request-status`, `tail-stage-log` and `rerun-request`. Each runs
 * as the calling user, through the same services and permission checks as the REST API.
 *
 * @public
 */
export function registerKratixActions(options: KratixActionsOptions): void {
  registerPromiseActions(options);
  registerNewRequestActions(options);
  registerFollowActions(options);
}
