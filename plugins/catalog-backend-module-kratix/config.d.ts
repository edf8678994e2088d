import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the Kratix plugins. */
  kratix?: {
    /**
     * The catalog entity provider (module `catalogModuleKratixEntityProvider`): a
     * Component per Promise, a Resource per resource request and per Destination, and a
     * Software Template per Promise with an API.
     */
    catalog?: {
      /** Run the entity provider. Default: true. */
      enabled?: boolean;
      /**
       * Owner of the entities, and of requests without a `backstage.io/kratix-requester`
       * annotation. Default: "group:default/platform-team".
       */
      defaultOwner?: string;
      /**
       * When the full sync runs. The replica that runs it (global scope: one at a time)
       * then keeps watching the platforms for the schedule's frequency. Default:
       * every 5 minutes, timeout 6 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How long watch events are gathered into one delta mutation, in ms. Default: 500. */
      batchMs?: number;
      /** The Software Templates generated per Promise with an API. */
      templates?: {
        /**
         * End each Template's form with a "Preview" step that shows what Kratix would
         * write for the input (Kratix's DryRun where the platform runs it, else the API
         * server's dry run). Its field is the frontend's `KratixRequestPreview` field
         * extension (`@kratix-backstage/plugin-kratix`): set false for an app that does
         * not install it. Default: true.
         */
        preview?: boolean;
      };
    };
    /**
     * The Kratix platforms (the Kratix backend plugin reads the rest of each entry): here,
     * which of a platform's resource requests the catalog gets.
     */
    platforms?: Array<{
      name: string;
      /**
       * What of this platform goes into the catalog. Promises, their Templates and
       * Destinations always do; the Kratix pages show every request either way (they
       * read the backend's REST API, not the catalog).
       */
      catalog?: {
        /**
         * False keeps all of this platform's requests out of the catalog: for platforms
         * with tens of thousands of requests, whose entities would cost the catalog more
         * than their pages give. Default: true.
         */
        requests?: boolean;
        /**
         * Promises (by name) whose requests stay out of the catalog; a Promise labelled
         * `backstage.io/kratix-catalog-requests: "false"` stays out too. Default: none.
         */
        promisesWithoutRequests?: string[];
      };
    }>;
  };
}
