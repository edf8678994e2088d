// The typed cluster errors are part of the cluster source contract, shared with other
// modules' sources (the demo's): they live in the -node package.
export {
  KratixClusterError,
  KubeHttpError,
  toKratixClusterError,
} from '@kratix-backstage/plugin-kratix-node';
