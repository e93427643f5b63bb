using Microsoft.Data.Sqlite;

namespace Twin.Storage.Sqlite.Internal;

/// <summary>
/// The schema, as an ordered list of scripts. Each script runs once, in its own transaction
/// together with the row recording it in schema_version. Append new scripts; never edit one
/// that has shipped.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "cells, tags, cycles, grain state", """
            CREATE TABLE cells (
                cell_id              TEXT NOT NULL PRIMARY KEY,
                electrode            TEXT NOT NULL,
                coating              TEXT NOT NULL,
                coating_class        TEXT,
                coating_thickness_nm REAL,
                coating_method       TEXT,
                electrolyte          TEXT NOT NULL,
                electrolyte_class    TEXT,
                current_ma_g         REAL,
                c_rate               REAL,
                temperature_c        REAL,
                nominal_capacity_ah  REAL,
                created_at           TEXT NOT NULL,
                updated_at           TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX cells_design ON cells (electrode, coating, electrolyte);

            CREATE TABLE cell_tags (
                cell_id TEXT NOT NULL REFERENCES cells (cell_id),
                key     TEXT NOT NULL,
                value   TEXT NOT NULL,
                PRIMARY KEY (cell_id, key)
            ) WITHOUT ROWID;
            CREATE INDEX cell_tags_key_value ON cell_tags (key, value);

            -- timestamp_utc_ticks: .NET ticks (100 ns) since 0001-01-01 UTC, exact round trip.
            CREATE TABLE cycles (
                cell_id                 TEXT    NOT NULL REFERENCES cells (cell_id),
                cycle                   INTEGER NOT NULL,
                discharge_capacity_ah   REAL    NOT NULL,
                charge_capacity_ah      REAL,
                energy_wh               REAL,
                temperature_c           REAL,
                internal_resistance_ohm REAL,
                timestamp_utc_ticks     INTEGER,
                PRIMARY KEY (cell_id, cycle)
            ) WITHOUT ROWID;

            CREATE TABLE grain_state (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                state_json TEXT NOT NULL,
                etag       TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            ) WITHOUT ROWID;
            CREATE INDEX grain_state_key ON grain_state (grain_key);
            """),
        (2, "design columns charge_c_rate and electrode_class", """
            ALTER TABLE cells ADD COLUMN charge_c_rate REAL;
            ALTER TABLE cells ADD COLUMN electrode_class TEXT;
            """),
        (3, "api keys (hashed)", """
            CREATE TABLE api_keys (
                key_id      TEXT    NOT NULL PRIMARY KEY,
                name        TEXT    NOT NULL,
                role        TEXT    NOT NULL,
                secret_hash TEXT    NOT NULL,
                salt        TEXT    NOT NULL,
                iterations  INTEGER NOT NULL,
                created_at  TEXT    NOT NULL,
                revoked_at  TEXT
            ) WITHOUT ROWID;
            """),
        (4, "indexes for sorting cells by time", """
            CREATE INDEX cells_updated ON cells (updated_at, cell_id);
            CREATE INDEX cells_created ON cells (created_at, cell_id);
            """),
        (5, "model registry: versions, serving history, retraining jobs", """
            CREATE TABLE model_versions (
                version        TEXT    NOT NULL PRIMARY KEY,
                created_at     TEXT    NOT NULL,
                data_hash      TEXT    NOT NULL,
                parent_version TEXT,
                started_by     TEXT,
                job_id         TEXT,
                gates_passed   INTEGER NOT NULL,
                onnx           BLOB    NOT NULL,
                card_json      TEXT    NOT NULL,
                gates_json     TEXT    NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE model_serving (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                version          TEXT NOT NULL,
                previous_version TEXT,
                action           TEXT NOT NULL,
                changed_by       TEXT,
                changed_at       TEXT NOT NULL
            );
            CREATE TABLE retrain_jobs (
                job_id           TEXT    NOT NULL PRIMARY KEY,
                state            TEXT    NOT NULL,
                stage            TEXT    NOT NULL,
                percent          INTEGER NOT NULL,
                version          TEXT,
                error            TEXT,
                started_by       TEXT,
                queued_at        TEXT    NOT NULL,
                started_at       TEXT,
                finished_at      TEXT,
                heartbeat_at     TEXT    NOT NULL,
                cancel_requested INTEGER NOT NULL DEFAULT 0,
                active           INTEGER,
                log_json         TEXT    NOT NULL,
                timings_json     TEXT    NOT NULL
            ) WITHOUT ROWID;
            -- One queued or running job in the whole cluster: the database refuses a second.
            CREATE UNIQUE INDEX retrain_jobs_one_active ON retrain_jobs (active) WHERE active IS NOT NULL;
            CREATE INDEX retrain_jobs_queued ON retrain_jobs (queued_at);
            """),
    ];

    public static int LatestVersion => All[^1].Version;

    public static void Apply(SqliteConnection connection, TimeProvider time)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        foreach (var (version, description, sql) in All)
        {
            // BEGIN IMMEDIATE: two processes starting together apply each script once.
            using var tx = connection.BeginTransaction(deferred: false);
            using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = "SELECT count(*) FROM schema_version WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)check.ExecuteScalar()! > 0)
                continue;

            using var migrate = connection.CreateCommand();
            migrate.Transaction = tx;
            migrate.CommandText = sql;
            migrate.ExecuteNonQuery();

            using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$d", description);
            record.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O"));
            record.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
