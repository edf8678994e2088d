/**
 * Kratix, simulated: the objects Kratix writes (pipeline Jobs, Works, WorkPlacements,
 * statuses), the workshop scenario, and the pipeline behaviours (what each stage logs and
 * writes) that the demo platform and the test environment's simulator both play.
 *
 * The readers of Kratix's objects (`KubeObject`, `readPromiseApi`, ...) live in
 * `@kratix-backstage/plugin-kratix-node`.
 *
 * @packageDocumentation
 */

export * from './objects';
export * from './workshop';
export * from './behaviour';
