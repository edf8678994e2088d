export interface Config {
  /** Configuration of the Kratix plugins. */
  kratix?: {};
}
