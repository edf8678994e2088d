import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The knex client of the plugin's database. */
export type KratixDatabaseClient = Awaited<
  ReturnType<DatabaseService['getClient']>
>;

const MIGRATIONS_DIR = resolvePackagePath(
  '@kratix-backstage/plugin-kratix-backend',
  'migrations',
);

const migrated = new WeakMap<DatabaseService, Promise<KratixDatabaseClient>>();

/**
 * The plugin database's client, once the migrations in `migrations/` have run (unless
 * the backend's `migrations.skip` says not to). Every feature of the plugin that keeps
 * rows (log archive, notification marks) gets its client here, so the migrations run
 * once per database even when several features start at the same time (two
 * `migrate.latest` in parallel would fight over knex's migration lock).
 */
export function migrateDatabase(
  database: DatabaseService,
): Promise<KratixDatabaseClient> {
  let client = migrated.get(database);
  if (!client) {
    client = (async () => {
      const knex = await database.getClient();
      if (database.migrations?.skip) return knex;
      // Another replica (or another feature calling knex itself) may hold knex's
      // migration lock for a moment: wait for it rather than fail the start-up.
      for (let attempt = 1; ; attempt++) {
        try {
          await knex.migrate.latest({ directory: MIGRATIONS_DIR });
          return knex;
        } catch (error) {
          if ((error as Error)?.name !== 'MigrationLocked' || attempt >= 20) {
            throw error;
          }
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      }
    })();
    migrated.set(database, client);
    client.catch(() => migrated.delete(database));
  }
  return client;
}
