/**
 * The Kratix demo platform: the Kratix workshop "delivering your service on demand" in
 * memory, labelled as demo data everywhere, for trying the Kratix plugins without a
 * cluster. Not for production backends.
 *
 * @packageDocumentation
 */

export { kratixDemoPlatformProvider as default } from './module';
export { createDemoPlatform } from './createDemoPlatform';
