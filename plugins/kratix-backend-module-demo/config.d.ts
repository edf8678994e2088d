export interface Config {
  /** Configuration of the Kratix plugins. */
  kratix?: {
    /**
     * The built-in demo platform: the Kratix workshop "delivering your service on demand"
     * served from memory, every object and answer marked as demo data.
     */
    demo?: {
      /**
       * Serve the demo platform, named `demo`. Default: true while this module is
       * installed; `false` turns it off without uninstalling it.
       */
      enabled?: boolean;
      /** Title shown for the demo platform. Default: "Kratix workshop (demo data)". */
      title?: string;
      /**
       * How many requests users may add to the demo besides the workshop's own; one more
       * is refused with a 403 that says so. The demo starts afresh at every start.
       * Default: 50.
       */
      maxRequests?: number;
      /**
       * Show the demo's examples besides the workshop's two requests: a configure run
       * waiting to retry, degraded and unhealthy health records, a paused request, a
       * failed upgrade (two Promise versions), a failed delete workflow, an unscheduled
       * Work and a misplaced WorkPlacement. Default: true.
       */
      examples?: boolean;
    };
  };
}
