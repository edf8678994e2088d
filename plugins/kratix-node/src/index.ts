/**
 * Node.js library for the Kratix plugins: what Kratix writes (pipeline Jobs, Works,
 * WorkPlacements, statuses), and the workshop demo scenario that the demo platform and
 * the test environment both play.
 *
 * @packageDocumentation
 */

export * from './objects';
export * from './workshop';
export * from './behaviour';
