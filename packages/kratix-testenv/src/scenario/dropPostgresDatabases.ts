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
    for (const name of names) await dropOne(client, name);
    return names;
  } finally {
    await client.end();
  }
}

/**
 * FORCE ends the database's connections, but is refused (42501) while a process of
 * another role, such as an autovacuum worker, is connected: those end by themselves,
 * so try again for a few seconds.
 */
async function dropOne(client: Client, name: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 10) {
        throw error;
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }
}
