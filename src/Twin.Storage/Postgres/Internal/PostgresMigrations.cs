using Npgsql;

namespace Twin.Storage.Postgres.Internal;

/// <summary>
/// The schema, as an ordered list of scripts, applied to the connection's current schema
/// (search_path). The pending scripts run once each, in one transaction with the rows
/// recording them in schema_version (PostgreSQL's DDL is transactional), under an advisory
/// lock. Append new scripts; never edit one that has shipped.
/// </summary>
internal static class PostgresMigrations
{
    // Taken for the whole migration, so silos starting together apply each script once.
    private const long MigrationLockKey = 0x7477696e5f6d6967; // "twin_mig"

    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "cells, cycles, grain state", """
            -- COLLATE "C": ids order by code point whatever the database's locale, as in SQLite.
            -- Times are ISO 8601 text ("O"), so a cell's offset and ticks come back exactly.
            CREATE TABLE cells (
                cell_id              text COLLATE "C" NOT NULL PRIMARY KEY,
                electrode            text NOT NULL,
                coating              text NOT NULL,
                coating_class        text,
                coating_thickness_nm double precision,
                coating_method       text,
                electrolyte          text NOT NULL,
                electrolyte_class    text,
                current_ma_g         double precision,
                c_rate               double precision,
                temperature_c        double precision,
                charge_c_rate        double precision,
                electrode_class      text,
                nominal_capacity_ah  double precision,
                tags                 jsonb NOT NULL DEFAULT '{}',
                created_at           text NOT NULL,
                updated_at           text NOT NULL
            );
            CREATE INDEX cells_design ON cells (electrode, coating, electrolyte);
            CREATE INDEX cells_tags ON cells USING gin (tags jsonb_path_ops);

            -- timestamp_utc_ticks: .NET ticks (100 ns) since 0001-01-01 UTC, an exact round trip
            -- (timestamptz keeps microseconds only, and idempotency compares values exactly).
            CREATE TABLE cycles (
                cell_id                 text COLLATE "C" NOT NULL REFERENCES cells (cell_id) ON DELETE CASCADE,
                cycle                   integer NOT NULL,
                discharge_capacity_ah   double precision NOT NULL,
                charge_capacity_ah      double precision,
                energy_wh               double precision,
                temperature_c           double precision,
                internal_resistance_ohm double precision,
                timestamp_utc_ticks     bigint,
                PRIMARY KEY (cell_id, cycle)
            );

            -- state_json is text, not jsonb: the serializer's bytes come back unchanged.
            CREATE TABLE grain_state (
                grain_type text COLLATE "C" NOT NULL,
                grain_key  text COLLATE "C" NOT NULL,
                state_json text NOT NULL,
                etag       text NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            );
            CREATE INDEX grain_state_key ON grain_state (grain_key);
            """),
        (2, "api keys (hashed)", """
            CREATE TABLE api_keys (
                key_id      text COLLATE "C" NOT NULL PRIMARY KEY,
                name        text NOT NULL,
                role        text NOT NULL,
                secret_hash text NOT NULL,
                salt        text NOT NULL,
                iterations  integer NOT NULL,
                created_at  timestamptz NOT NULL,
                revoked_at  timestamptz
            );
            """),
        (3, "indexes for sorting cells by time", """
            CREATE INDEX cells_updated ON cells (updated_at, cell_id);
            CREATE INDEX cells_created ON cells (created_at, cell_id);
            """),
        (4, "model registry: versions, serving history, retraining jobs", """
            CREATE TABLE model_versions (
                version        text COLLATE "C" NOT NULL PRIMARY KEY,
                created_at     timestamptz NOT NULL,
                data_hash      text NOT NULL,
                parent_version text,
                started_by     text,
                job_id         text,
                gates_passed   boolean NOT NULL,
                onnx           bytea NOT NULL,
                card_json      text NOT NULL,
                gates_json     text NOT NULL
            );
            CREATE TABLE model_serving (
                seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                version          text NOT NULL,
                previous_version text,
                action           text NOT NULL,
                changed_by       text,
                changed_at       timestamptz NOT NULL
            );
            CREATE TABLE retrain_jobs (
                job_id           text COLLATE "C" NOT NULL PRIMARY KEY,
                state            text NOT NULL,
                stage            text NOT NULL,
                percent          integer NOT NULL,
                version          text,
                error            text,
                started_by       text,
                queued_at        timestamptz NOT NULL,
                started_at       timestamptz,
                finished_at      timestamptz,
                heartbeat_at     timestamptz NOT NULL,
                cancel_requested boolean NOT NULL DEFAULT false,
                active           integer,
                log_json         text NOT NULL,
                timings_json     text NOT NULL
            );
            -- One queued or running job in the whole cluster: the database refuses a second.
            CREATE UNIQUE INDEX retrain_jobs_one_active ON retrain_jobs (active) WHERE active IS NOT NULL;
            CREATE INDEX retrain_jobs_queued ON retrain_jobs (queued_at);
            """),
    ];

    public static int LatestVersion => All[^1].Version;

    public static async Task ApplyAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)",
            connection, tx))
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));
        }

        foreach (var (version, description, sql) in All)
        {
            if (applied.Contains(version))
                continue;
            await using (var migrate = new NpgsqlCommand(sql, connection, tx))
                await migrate.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)", connection, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("d", description);
            record.Parameters.AddWithValue("t", time.GetUtcNow());
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
