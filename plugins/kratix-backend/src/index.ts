/**
 * The Kratix backend plugin: the single place that talks to Kratix platforms.
 *
 * @packageDocumentation
 */

export { kratixPlugin as default } from './plugin';
