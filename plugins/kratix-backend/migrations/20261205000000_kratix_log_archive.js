// @ts-check

/**
 * Logs of pipeline containers, kept after Kratix (or the Job's TTL) deletes their Pods.
 * One row per container of a Pod (by its uid): the replica that inserts the row first
 * archives it ("claimed"), then stores the gzip-compressed log ("stored").
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kratix_log_archive', table => {
    table.comment(
      'Pipeline container logs archived before their Pods are gone',
    );
    table.increments('id');
    table.string('platform', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('pod', 253).notNullable();
    table.string('container', 63).notNullable();
    table.string('pod_uid', 64).notNullable();
    table.string('state', 16).notNullable().comment('claimed | stored');
    table.string('claimed_by', 64).notNullable();
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table.timestamp('archived_at', { useTz: true }).nullable();
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When the container terminated, as its status says');
    table.bigInteger('original_bytes').nullable();
    table.bigInteger('kept_bytes').nullable();
    table.bigInteger('cut_bytes').nullable();
    table.bigInteger('cut_lines').nullable();
    table.binary('content').nullable().comment('gzip of the kept log');
    table.unique(['platform', 'namespace', 'pod', 'container', 'pod_uid'], {
      indexName: 'kratix_log_archive_key',
    });
    table.index(
      ['platform', 'namespace', 'pod', 'container'],
      'kratix_log_archive_lookup',
    );
    table.index(['claimed_at'], 'kratix_log_archive_claimed_at');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kratix_log_archive');
};
