import { Client } from 'pg';

/**
 * Drops every database whose name starts with `prefix` (the backend makes one per plugin
 * under its `backend.database.prefix`), closing their connections first. `url` is the
 * server's URL, with or without a database. Answers the names dropped.
 */
export async function dropPostgresDatabases(
  url: string,
  prefix: string,
): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(prefix)) {
    throw new Error(`Refusing to drop databases with the prefix "${prefix}"`);
  }
  // Connected to the maintenance database, whatever database the URL names.
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      // Not LIKE: "_" in a prefix would match any character.
      'SELECT datname FROM pg_database WHERE starts_with(datname::text, $1)',
      [prefix],
    );
    const names = rows.map(r => String(r.datname));
    for (const name of names) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    return names;
  } finally {
    await client.end();
  }
}
