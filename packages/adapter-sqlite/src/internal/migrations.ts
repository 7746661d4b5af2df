/**
 * Versioned schema migrations, tracked in SQLite's `user_version` header field
 * so the version moves in the same transaction as the DDL it describes.
 * Append only: a released migration is never edited, a change is a new entry.
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "create_streams_events_idempotency",
    // STRICT rejects a value of the wrong type at write time; WITHOUT ROWID keeps a
    // stream's events physically together in version order, which is what replay reads.
    sql: `
      CREATE TABLE streams (
        stream_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        team_id TEXT NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX streams_by_team ON streams (team_id, kind, stream_id);
      CREATE TABLE events (
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (stream_id, version)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        from_version INTEGER NOT NULL,
        to_version INTEGER NOT NULL
      ) STRICT;
    `
  }
]

export const latestVersion: number = migrations.reduce((max, m) => Math.max(max, m.version), 0)
