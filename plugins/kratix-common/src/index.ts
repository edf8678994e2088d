/**
 * Types, permissions and constants shared by the Kratix Backstage plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './constants';
export * from './permissions';
export * from './types';
