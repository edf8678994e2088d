import type { ReactNode } from 'react';
import { SWRConfig } from 'swr';

/**
 * usePermission caches decisions in SWR's global cache; each test gets its own, so one
 * test's denied permission does not leak into the next.
 */
export const FreshPermissions = ({ children }: { children: ReactNode }) => (
  <SWRConfig value={{ provider: () => new Map() }}>{children}</SWRConfig>
);
