/**
 * The plugin's views behind one lazy boundary: the Kratix page, the entity tab and the
 * entity card share most of their code, and an app splits lazy chunks by import, so one
 * module keeps that code in one chunk, loaded once (see docs/decisions.md).
 */
export { EntityKratixCard } from './EntityKratixCard';
export { EntityKratixContent } from './EntityKratixContent';
export { KratixRouter } from './KratixRouter';
