import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** Settings of the log archive (`kratix.logArchive`). */
export interface LogArchiveSettings {
  enabled: boolean;
  /** The most a container's archived log keeps (its tail), in bytes. */
  maxBytesPerContainer: number;
  /** How long an archived log is kept, in milliseconds. */
  retentionMs: number;
}

export const DEFAULT_MAX_BYTES_PER_CONTAINER = 10 * 1024 * 1024;
export const DEFAULT_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** Reads `kratix.logArchive`; every key is optional. */
export function readLogArchiveSettings(config: Config): LogArchiveSettings {
  const archive = config.getOptionalConfig('kratix.logArchive');
  const maxBytes =
    archive?.getOptionalNumber('maxBytesPerContainer') ??
    DEFAULT_MAX_BYTES_PER_CONTAINER;
  if (!Number.isInteger(maxBytes) || maxBytes < 1024) {
    throw new Error(
      `kratix.logArchive.maxBytesPerContainer must be a whole number of bytes, at least 1024; got ${maxBytes}`,
    );
  }
  const retentionMs = archive?.has('retention')
    ? durationToMilliseconds(
        readDurationFromConfig(archive, { key: 'retention' }),
      )
    : DEFAULT_RETENTION_MS;
  if (!(retentionMs > 0)) {
    throw new Error('kratix.logArchive.retention must be a positive duration');
  }
  return {
    enabled: archive?.getOptionalBoolean('enabled') ?? true,
    maxBytesPerContainer: maxBytes,
    retentionMs,
  };
}
