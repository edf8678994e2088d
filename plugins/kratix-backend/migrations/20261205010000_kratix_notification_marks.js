// @ts-check

/**
 * Notifications sent to requesters: one row per (platform, request uid, transition,
 * generation). A replica inserts the row before it sends; the primary key lets exactly
 * one replica win, once, also across restarts. `sent` is false for transitions that
 * happened before the notifier first ran (recorded, not announced). The row with
 * request_uid '*' and transition 'installed' holds when the notifier first ran.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kratix_notification_marks', table => {
    table.comment(
      'Requester notifications of Kratix request transitions, sent once',
    );
    table.string('platform', 63).notNullable();
    table.string('request_uid', 64).notNullable();
    table
      .string('transition', 32)
      .notNullable()
      .comment('succeeded | failed | workerFailed | installed');
    table.integer('generation').notNullable();
    table
      .string('request', 400)
      .notNullable()
      .comment('<namespace>/<promise>/<name>');
    table.string('recipient', 400).nullable();
    table.boolean('sent').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(
      ['platform', 'request_uid', 'transition', 'generation'],
      'kratix_notification_marks_pkey',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kratix_notification_marks');
};
