import type { KratixCaller } from '../access/types';
import {
  type KratixAccessChecks,
  type KratixRequestPermission,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import { ConflictError } from '@backstage/errors';
import {
  KRATIX_BACKSTAGE_ANNOTATIONS,
  KRATIX_LABELS,
  type KratixOperation,
  kratixDeletePermission,
  kratixPausePermission,
  kratixRerunPermission,
  type OperationResult,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type { KratixTarget, MetadataPatch } from '../cluster/types';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixWriteIdentity,
  serviceOnlyWriteIdentity,
} from '../identity/KratixWriteIdentity';
import { writeOnPlatform } from '../identity/writeOnPlatform';
import { origin } from './mapping/common';
import { contextOf, requirePlatform } from './platformAccess';
import { findPromise } from './PromiseService';
import { findRequest } from './RequestService';

/**
 * What an operation applies to: a Promise, or a request of one.
 *
 * @public
 */
export type OperationTarget =
  | { kind: 'promise'; platform: string; name: string }
  | {
      kind: 'request';
      platform: string;
      namespace: string;
      promise: string;
      name: string;
    };

const LABELS: Record<
  Exclude<KratixOperation, 'delete'>,
  Record<string, string | null>
> = {
  rerun: { [KRATIX_LABELS.manualReconciliation]: 'true' },
  pause: { [KRATIX_LABELS.paused]: 'true' },
  resume: { [KRATIX_LABELS.paused]: null },
  'resume-workflow': { [KRATIX_LABELS.workflowSuspended]: null },
};

/**
 * The permission each operation needs. Resuming a suspended workflow runs its pipelines
 * again, as a re-run does.
 *
 * @public
 */
export const OPERATION_PERMISSIONS: Record<
  KratixOperation,
  KratixRequestPermission
> = {
  rerun: kratixRerunPermission,
  pause: kratixPausePermission,
  resume: kratixPausePermission,
  'resume-workflow': kratixRerunPermission,
  delete: kratixDeletePermission,
};

/**
 * The operations platform engineers run: re-run workflows, pause and resume
 * reconciliation, delete a request. Each checks the caller's permission on the request
 * (a Promise needs an unconditional allow) and is recorded on the object (who, when).
 *
 * @public
 */
export class OperationService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
    /** Who writes reach each platform as (the caller, on platforms that write as the user). */
    private readonly identity: KratixWriteIdentity = serviceOnlyWriteIdentity,
  ) {}

  /** The caller's permission for the operation on its target; throws NotAllowedError. */
  private async authorize(
    operation: KratixOperation,
    target: OperationTarget,
    object: KubeObject,
    caller: KratixCaller,
  ) {
    const permission = OPERATION_PERMISSIONS[operation];
    if (target.kind === 'promise') {
      await this.access.authorizeUnconditional(
        caller.credentials,
        permission,
        `Promise ${target.name} (platform ${target.platform})`,
      );
      return;
    }
    await this.access.authorizeRequest(caller.credentials, permission, {
      platform: target.platform,
      promise: target.promise,
      namespace: target.namespace,
      name: target.name,
      object,
    });
  }

  async run(
    operation: Exclude<KratixOperation, 'delete'>,
    target: OperationTarget,
    caller: KratixCaller,
  ): Promise<OperationResult> {
    const { actor } = caller;
    const platform = requirePlatform(this.platforms, target.platform);
    const { ref, object } = await this.resolve(platform, target);
    await this.authorize(operation, target, object, caller);
    if (
      operation === 'resume-workflow' &&
      object.metadata.labels?.[KRATIX_LABELS.workflowSuspended] !== 'true'
    ) {
      throw new ConflictError(
        `${this.what(
          target,
        )} has no suspended workflow to resume: it does not carry the label ${
          KRATIX_LABELS.workflowSuspended
        }: "true" (Kratix's status-writer sets it when a stage suspends the workflow or asks for a retry)`,
      );
    }
    const at = new Date().toISOString();
    const patch: MetadataPatch = {
      labels: LABELS[operation],
      annotations: this.record(operation, actor, at),
    };
    const as = await this.identity.writeOptions(platform, caller);
    const updated = await writeOnPlatform(
      platform,
      `${operation} ${this.what(target)}`,
      as,
      () => platform.kratix.patchMetadata(ref, patch, as),
    );
    return this.result(
      platform,
      operation,
      updated ?? object,
      actor,
      at,
      this.message(operation, target, object),
    );
  }

  async deleteRequest(
    target: Extract<OperationTarget, { kind: 'request' }>,
    caller: KratixCaller,
  ) {
    const { actor } = caller;
    const platform = requirePlatform(this.platforms, target.platform);
    const { ref, object } = await this.resolve(platform, target);
    await this.authorize('delete', target, object, caller);
    const at = new Date().toISOString();
    if (ref.kind !== 'request') throw new Error('only requests can be deleted');
    const as = await this.identity.writeOptions(platform, caller);
    // Recorded first, so the request shows who deleted it while Kratix cleans up; best
    // effort: credentials may allow deleting but not patching (the auditor records it too).
    await platform.kratix
      .patchMetadata(ref, { annotations: this.record('delete', actor, at) }, as)
      .catch(() => undefined);
    await writeOnPlatform(platform, `delete ${this.what(target)}`, as, () =>
      platform.kratix.deleteRequest(ref.promise, ref.namespace, ref.name, as),
    );
    return this.result(
      platform,
      'delete',
      object,
      actor,
      at,
      this.message('delete', target, object),
    );
  }

  private async resolve(platform: KratixPlatform, target: OperationTarget) {
    if (target.kind === 'promise') {
      const object = await findPromise(platform, target.name);
      return {
        ref: { kind: 'promise', name: target.name } as KratixTarget,
        object,
      };
    }
    const { promise, request } = await findRequest(
      platform,
      target.namespace,
      target.promise,
      target.name,
    );
    return {
      ref: {
        kind: 'request',
        promise,
        namespace: target.namespace,
        name: target.name,
      } as KratixTarget,
      object: request,
    };
  }

  private what(target: OperationTarget): string {
    return target.kind === 'promise'
      ? `Promise ${target.name}`
      : `${target.promise} request ${target.namespace}/${target.name}`;
  }

  private record(operation: KratixOperation, actor: string, at: string) {
    return {
      [KRATIX_BACKSTAGE_ANNOTATIONS.lastOperation]: operation,
      [KRATIX_BACKSTAGE_ANNOTATIONS.lastOperationBy]: actor,
      [KRATIX_BACKSTAGE_ANNOTATIONS.lastOperationAt]: at,
    };
  }

  private message(
    operation: KratixOperation,
    target: OperationTarget,
    object: KubeObject,
  ): string {
    const what = this.what(target);
    const paused = object.metadata.labels?.[KRATIX_LABELS.paused] === 'true';
    switch (operation) {
      case 'rerun':
        return paused
          ? `${what} is paused: Kratix re-runs its ${
              target.kind === 'promise' ? 'promise' : 'resource'
            }.configure workflow once it is resumed`
          : `Kratix re-runs the ${
              target.kind === 'promise' ? 'promise' : 'resource'
            }.configure workflow of ${what}`;
      case 'pause':
        return `Kratix stops reconciling ${what} until it is resumed`;
      case 'resume':
        return `Kratix reconciles ${what} again`;
      case 'resume-workflow':
        return `Kratix resumes the suspended workflow of ${what}`;
      default:
        return `Kratix runs the delete workflow of ${what}, if any, then removes it and its Works`;
    }
  }

  private result(
    platform: KratixPlatform,
    operation: KratixOperation,
    object: KubeObject,
    actor: string,
    at: string,
    message: string,
  ): OperationResult {
    return {
      ...origin(contextOf(platform)),
      operation,
      target: {
        kind: object.kind,
        apiVersion: object.apiVersion,
        name: object.metadata.name,
        ...(object.metadata.namespace
          ? { namespace: object.metadata.namespace }
          : {}),
      },
      by: actor,
      at,
      message,
    };
  }
}
