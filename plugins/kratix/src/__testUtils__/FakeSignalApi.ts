import type { SignalApi } from '@backstage/plugin-signals-react';

type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** A signal API for tests: records subscriptions, and sends messages on demand. */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ) {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    const listener = onMessage as (message: JsonObject) => void;
    set.add(listener);
    return { unsubscribe: () => set.delete(listener) };
  }

  /** The channels with at least one subscriber. */
  channels(): string[] {
    return [...this.listeners.entries()]
      .filter(([, set]) => set.size > 0)
      .map(([channel]) => channel)
      .sort();
  }

  /** Sends a Kratix "changed" signal on a channel. */
  changed(channel: string, kinds: string[]) {
    for (const listener of this.listeners.get(channel) ?? []) {
      listener({ type: 'changed', at: new Date().toISOString(), kinds });
    }
  }
}
