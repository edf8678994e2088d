import { kratixRequestResourceRef } from '@kratix-backstage/plugin-kratix-common';
import type { KratixOperationTarget } from '../../api';

/**
 * The resource ref a permission on requests is asked with, so a button shows where the
 * policy allows it. A Promise (or a Promise's pipeline) is no request: its ref names no
 * request, so only an unconditional allow passes, as on the backend.
 */
export function permissionResourceRef(
  target:
    | KratixOperationTarget
    | { kind: 'promise'; platform: string; name: string },
): string {
  return target.kind === 'request'
    ? kratixRequestResourceRef(target)
    : `promise:${target.platform}/${target.name}`;
}
