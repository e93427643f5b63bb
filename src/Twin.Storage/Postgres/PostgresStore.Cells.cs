using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Twin.Core.Designs;

using Twin.Storage.Internal;

namespace Twin.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string CellColumns = """
        cell_id, electrode, coating, coating_class, coating_thickness_nm, coating_method,
        electrolyte, electrolyte_class, current_ma_g, c_rate, temperature_c, charge_c_rate, electrode_class,
        nominal_capacity_ah, tags::text, created_at, updated_at
        """;

    /// <summary>The design columns in <see cref="StoredRows.ReadDesign"/>'s order (charge C-rate 11, electrode class 12).</summary>
    private const string DesignColumns = """
        cell_id, electrode, coating, coating_class, coating_thickness_nm, coating_method,
        electrolyte, electrolyte_class, current_ma_g, c_rate, temperature_c, charge_c_rate, electrode_class
        """;

    public Task<bool> UpsertCellAsync(CellRow cell, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentException.ThrowIfNullOrWhiteSpace(cell.CellId);
        ArgumentNullException.ThrowIfNull(cell.Design);

        return RunAsync(async (connection, token) =>
        {
            // xmax = 0 holds only for a row this statement inserted, not for one it updated:
            // "created" stays exact when two callers register the same id at once.
            await using var command = new NpgsqlCommand("""
                INSERT INTO cells (cell_id, electrode, coating, coating_class, coating_thickness_nm, coating_method,
                                   electrolyte, electrolyte_class, current_ma_g, c_rate, temperature_c, charge_c_rate,
                                   electrode_class, nominal_capacity_ah, tags, created_at, updated_at)
                VALUES (@id, @electrode, @coating, @coating_class, @thickness, @method,
                        @electrolyte, @electrolyte_class, @current, @c_rate, @temperature, @charge_c_rate,
                        @electrode_class, @nominal, @tags, @created, @updated)
                ON CONFLICT (cell_id) DO UPDATE SET
                    electrode = excluded.electrode, coating = excluded.coating, coating_class = excluded.coating_class,
                    coating_thickness_nm = excluded.coating_thickness_nm, coating_method = excluded.coating_method,
                    electrolyte = excluded.electrolyte, electrolyte_class = excluded.electrolyte_class,
                    current_ma_g = excluded.current_ma_g, c_rate = excluded.c_rate, temperature_c = excluded.temperature_c,
                    charge_c_rate = excluded.charge_c_rate, electrode_class = excluded.electrode_class,
                    nominal_capacity_ah = excluded.nominal_capacity_ah, tags = excluded.tags, updated_at = excluded.updated_at
                RETURNING xmax = 0
                """, connection);
            var d = cell.Design;
            var p = command.Parameters;
            p.AddWithValue("id", cell.CellId);
            p.AddWithValue("electrode", d.Electrode);
            p.AddWithValue("coating", d.Coating);
            p.AddWithValue("coating_class", NpgsqlDbType.Text, Db(d.CoatingClass));
            p.AddWithValue("thickness", NpgsqlDbType.Double, Db(d.CoatingThicknessNm));
            p.AddWithValue("method", NpgsqlDbType.Text, Db(d.CoatingMethod));
            p.AddWithValue("electrolyte", d.Electrolyte);
            p.AddWithValue("electrolyte_class", NpgsqlDbType.Text, Db(d.ElectrolyteClass));
            p.AddWithValue("current", NpgsqlDbType.Double, Db(d.CurrentMAg));
            p.AddWithValue("c_rate", NpgsqlDbType.Double, Db(d.CRate));
            p.AddWithValue("temperature", NpgsqlDbType.Double, Db(d.TemperatureC));
            p.AddWithValue("charge_c_rate", NpgsqlDbType.Double, Db(d.ChargeCRate));
            p.AddWithValue("electrode_class", NpgsqlDbType.Text, Db(d.ElectrodeClass));
            p.AddWithValue("nominal", NpgsqlDbType.Double, Db(cell.NominalCapacityAh));
            p.AddWithValue("tags", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(cell.Tags ?? new Dictionary<string, string>()));
            p.AddWithValue("created", cell.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            p.AddWithValue("updated", cell.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            return (bool)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);
    }

    public Task<CellRow?> GetCellAsync(string cellId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {CellColumns} FROM cells WHERE cell_id = @id", connection);
            command.Parameters.AddWithValue("id", cellId);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false) ? ReadCell(reader) : null;
        }, ct);
    }

    public Task<IReadOnlyList<CellRow>> ListCellsAsync(CellQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > CellQuery.MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"CellQuery.Limit must be between 1 and {CellQuery.MaxLimit}.");

        return RunAsync<IReadOnlyList<CellRow>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var columns = query.WithTags ? CellColumns : CellColumns.Replace("tags::text", "NULL::text", StringComparison.Ordinal);
            BuildCellQuery(command, query, columns, "cells", query.Limit);

            var cells = new List<CellRow>();
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                cells.Add(ReadCell(reader));
            return cells;
        }, ct);
    }

    /// <summary>The SELECT of <see cref="ListCellsAsync"/>: <paramref name="query"/>'s filters, order and key paging over <paramref name="from"/>.</summary>
    private static void BuildCellQuery(NpgsqlCommand command, CellQuery query, string columns, string from, int limit)
    {
        var sql = new StringBuilder($"SELECT {columns} FROM {from} WHERE true");
        void Filter(string column, string? value)
        {
            if (value is null)
                return;
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
            command.Parameters.AddWithValue(column, value);
        }
        Filter("electrode", query.Electrode);
        Filter("coating", query.Coating);
        Filter("electrolyte", query.Electrolyte);
        // COLLATE "C": text sorts by code point, as SQLite's BINARY does, whatever the database locale.
        var column = query.Sort switch
        {
            CellSort.CellId => "cell_id",
            CellSort.Electrode => "electrode COLLATE \"C\"",
            CellSort.Coating => "coating COLLATE \"C\"",
            CellSort.Electrolyte => "electrolyte COLLATE \"C\"",
            CellSort.CreatedAt => "created_at COLLATE \"C\"",
            CellSort.UpdatedAt => "updated_at COLLATE \"C\"",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "unknown CellSort."),
        };
        var order = query.Descending ? "DESC" : "ASC";
        if (query.AfterCellId is not null)
        {
            // Key paging on (sort value, id); the sort value is the after-cell's own (ISO 8601 times order as text).
            var after = query.Descending ? "<" : ">";
            sql.Append(query.Sort == CellSort.CellId
                ? $" AND cell_id {after} @after"
                : $" AND ({column}, cell_id) {after} ((SELECT a.{column} FROM cells a WHERE a.cell_id = @after), @after)");
            command.Parameters.AddWithValue("after", query.AfterCellId);
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            // ILIKE: case-insensitive; % _ and \ in the text are matched literally.
            sql.Append("""
                 AND (cell_id ILIKE @q OR electrode ILIKE @q OR coating ILIKE @q OR electrolyte ILIKE @q
                      OR EXISTS (SELECT 1 FROM jsonb_each_text(tags) s WHERE s.value ILIKE @q))
                """);
            var escaped = query.Search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            command.Parameters.AddWithValue("q", $"%{escaped}%");
        }
        if (query.Tags is { Count: > 0 })
        {
            // Containment: every given tag must be present with that value (GIN-indexed).
            sql.Append(" AND tags @> @tags");
            command.Parameters.AddWithValue("tags", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(query.Tags));
        }
        sql.Append(query.Sort == CellSort.CellId ? $" ORDER BY cell_id {order} LIMIT @limit" : $" ORDER BY {column} {order}, cell_id {order} LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        command.CommandText = sql.ToString();
    }

    public async IAsyncEnumerable<CellWithState<T>> ReadCellsWithStateAsync<T>(CellQuery filter, string grainType, int limit, StateParser<T> parse,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Streams on one connection (not through RunAsync, which buffers a whole result).
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        BuildCellQuery(command, filter with { Sort = CellSort.CellId, Descending = false }, DesignColumns + ", g.state_json",
            "cells LEFT JOIN grain_state g ON g.grain_type = @grain_type AND g.grain_key = cells.cell_id", limit);
        command.Parameters.AddWithValue("grain_type", grainType);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var designs = new DesignInterning();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            yield return new CellWithState<T>(reader.GetString(0), designs.Intern(StoredRows.ReadDesign(reader, chargeCRate: 11, electrodeClass: 12)),
                reader.IsDBNull(13) ? default : parse(System.Text.Encoding.UTF8.GetBytes(reader.GetString(13))));
    }

    public Task<bool> DeleteCellAsync(string cellId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return RunAsync(async (connection, token) =>
        {
            // Cycles go with the cell (ON DELETE CASCADE); grain state is keyed by id only.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("DELETE FROM grain_state WHERE grain_key = @id") { Parameters = { new("id", cellId) } },
                    new NpgsqlBatchCommand("DELETE FROM cells WHERE cell_id = @id") { Parameters = { new("id", cellId) } },
                },
            };
            // A batch runs as one implicit transaction: both deletes or neither.
            await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return batch.BatchCommands[1].RecordsAffected > 0;
        }, ct);
    }

    public Task<long> CountCellsAsync(CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM cells", connection);
            return (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);

    public Task<IReadOnlyList<CellDesign>> ListDesignsAsync(string electrode, int limit, CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<CellDesign>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(StoredRows.DistinctDesignsSql('@'), connection);
            command.Parameters.AddWithValue("electrode", electrode);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var designs = new List<CellDesign>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                designs.Add(StoredRows.ReadDesign(reader, chargeCRate: 11, electrodeClass: 12));
            return designs;
        }, ct);

    public Task<IReadOnlyList<CoatingCount>> CountCellsByCoatingAsync(CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<CoatingCount>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(StoredRows.CoatingCountSql, connection);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var counts = new List<CoatingCount>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                counts.Add(StoredRows.ReadCoatingCount(reader));
            return counts;
        }, ct);

    private static CellRow ReadCell(NpgsqlDataReader r)
    {
        var design = StoredRows.ReadDesign(r, chargeCRate: 11, electrodeClass: 12);
        var tags = r.IsDBNull(14) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(14)) ?? [];
        return new CellRow(
            r.GetString(0),
            design,
            tags,
            StoredRows.NullableDouble(r, 13),
            DateTimeOffset.Parse(r.GetString(15), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            DateTimeOffset.Parse(r.GetString(16), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
    private static object Db(double? value) => value is { } v ? v : DBNull.Value;
}
