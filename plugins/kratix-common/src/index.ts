/**
 * Types, permissions and constants shared by the Kratix Backstage plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './conditionHints';
export * from './constants';
export * from './entityNames';
export * from './permissions';
export * from './requestOutcome';
export * from './types';
export * from './resourceIds';
export * from './workerJudgment';
export * from './signals';
