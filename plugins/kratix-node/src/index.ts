/**
 * What other backend modules need to work with the Kratix backend plugin: the platforms
 * service (shared watch caches over every configured Kratix platform) and how to add
 * platforms to it, the interfaces of a platform's cluster sources, and readers of the
 * objects Kratix writes.
 *
 * @packageDocumentation
 */

export * from './platforms';
export * from './kratixObjects';
export * from './permissions';
