export { kratixApiRef } from './KratixApi';
export type { KratixApi, KratixHealth } from './KratixApi';
export { KratixClient } from './KratixClient';
