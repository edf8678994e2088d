export {
  LogArchive,
  terminatedContainers,
  type ArchivedLog,
  type ArchivedLogInfo,
  type ArchiveOutcome,
  type LogArchiveOptions,
  type TerminatedContainer,
} from './LogArchive';
export {
  readLogArchiveSettings,
  type LogArchiveSettings,
  DEFAULT_MAX_BYTES_PER_CONTAINER,
  DEFAULT_RETENTION_MS,
} from './config';
export { TailBuffer, cutMarker, type KeptTail } from './TailBuffer';
export { startLogArchive } from './startLogArchive';
