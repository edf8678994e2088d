/** Something that can kill its processes synchronously, from a signal or exit handler. */
export interface SyncKillable {
  killAllSync(signal: NodeJS.Signals): void;
}

const active = new Set<SyncKillable>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onExit() {
  for (const item of active) item.killAllSync('SIGTERM');
}

function onSignal(signal: NodeJS.Signals) {
  for (const item of active) item.killAllSync('SIGTERM');
  active.clear();
  uninstall();
  // Our listener replaced the default action (terminate); if nobody else listens,
  // restore it by raising the signal again now that the children are told to stop.
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal);
  }
}

let installed = false;

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall() {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', onExit);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Kills `item`'s processes (SIGTERM) when this Node process exits or receives SIGINT,
 * SIGTERM or SIGHUP; after such a signal the signal is raised again so the process still
 * ends as it would have. Handlers are installed only while something is registered.
 */
export function killOnExit(item: SyncKillable): () => void {
  active.add(item);
  install();
  return () => {
    active.delete(item);
    if (active.size === 0) uninstall();
  };
}
