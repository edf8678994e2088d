/**
 * Where the Kratix simulator knowingly differs from the real Kratix controller (at the
 * source's commit), and why: checked by compare.integration.test.ts, explained in
 * docs/test-environment.md. A difference that goes away must leave this list.
 */
export const KNOWN_DIFFERENCES: Array<{ paths: RegExp; why: string }> = [
  {
    paths:
      /^(example|second-request)\.(job\.labels|job\.template\.labels|pod\.labels)$/,
    why: "Only the value of kratix.io/hash differs. Kratix hashes its typed Promise (the Go struct's fields and defaults, marshalled by encoding/json), which the simulator cannot rebuild from the stored object; the request half (md5 of its spec as Go writes it) matches. The product never computes this hash: it only compares it between Jobs and requests of one platform.",
  },
  {
    paths: /^(example|second-request)\.request\.finalizers$/,
    why: "Kratix holds a request with four finalizers while it cleans up (delete workflows, Works, bindings); the simulator deletes at once. The product's deleting state is tested on real Kratix.",
  },
  {
    paths: /^(example|second-request)\.request\.status\.keys$/,
    why: 'Kratix records promiseVersion and resourceBindingVersion from its PromiseRevision and ResourceBinding objects, which the simulator does not make (Promise versions are a later issue).',
  },
  {
    paths: /^promise\.status\.keys$/,
    why: "Kratix writes its own status.kratix block on Promises (workflow bookkeeping); the simulator writes none, and the product reads the Promise's workflows from its spec.",
  },
  {
    paths: /^(example|second-request)\.workplacement\.status\.keys$/,
    why: "Real Kratix (at this commit) often loses the WorkPlacement's WriteSucceeded/versionID status: its scheduler's status write races the WorkPlacement controller's, so Ready stays False/Pending although the files are in the state store. The simulator records the write. The product shows each WorkPlacement's own Ready condition.",
  },
];
