using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Twin.Core.Designs;

using Twin.Storage.Internal;
using Twin.Storage.Sqlite.Internal;

namespace Twin.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string TagsColumn = "(SELECT json_group_object(t.key, t.value) FROM cell_tags t WHERE t.cell_id = c.cell_id) AS tags";

    private const string CellColumns = $"""
        c.cell_id, c.electrode, c.coating, c.coating_class, c.coating_thickness_nm, c.coating_method,
        c.electrolyte, c.electrolyte_class, c.current_ma_g, c.c_rate, c.temperature_c,
        c.nominal_capacity_ah, c.created_at, c.updated_at,
        {TagsColumn},
        c.charge_c_rate, c.electrode_class
        """;

    public Task<bool> UpsertCellAsync(CellRow cell, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentException.ThrowIfNullOrWhiteSpace(cell.CellId);
        ArgumentNullException.ThrowIfNull(cell.Design);

        return RunWriteAsync(connection =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            bool created;
            using (var exists = connection.CreateCommand())
            {
                exists.Transaction = tx;
                exists.CommandText = "SELECT 1 FROM cells WHERE cell_id = $id";
                exists.Parameters.AddWithValue("$id", cell.CellId);
                created = exists.ExecuteScalar() is null;
            }

            using (var upsert = connection.CreateCommand())
            {
                upsert.Transaction = tx;
                upsert.CommandText = """
                    INSERT INTO cells (cell_id, electrode, coating, coating_class, coating_thickness_nm, coating_method,
                                       electrolyte, electrolyte_class, current_ma_g, c_rate, temperature_c,
                                       nominal_capacity_ah, created_at, updated_at, charge_c_rate, electrode_class)
                    VALUES ($id, $electrode, $coating, $coating_class, $thickness, $method,
                            $electrolyte, $electrolyte_class, $current, $c_rate, $temperature,
                            $nominal, $created, $updated, $charge_c_rate, $electrode_class)
                    ON CONFLICT (cell_id) DO UPDATE SET
                        electrode = excluded.electrode, coating = excluded.coating, coating_class = excluded.coating_class,
                        coating_thickness_nm = excluded.coating_thickness_nm, coating_method = excluded.coating_method,
                        electrolyte = excluded.electrolyte, electrolyte_class = excluded.electrolyte_class,
                        current_ma_g = excluded.current_ma_g, c_rate = excluded.c_rate, temperature_c = excluded.temperature_c,
                        nominal_capacity_ah = excluded.nominal_capacity_ah, updated_at = excluded.updated_at,
                        charge_c_rate = excluded.charge_c_rate, electrode_class = excluded.electrode_class
                    """;
                var d = cell.Design;
                var p = upsert.Parameters;
                p.AddWithValue("$id", cell.CellId);
                p.AddWithValue("$electrode", d.Electrode);
                p.AddWithValue("$coating", d.Coating);
                p.AddWithValue("$coating_class", Db(d.CoatingClass));
                p.AddWithValue("$thickness", Db(d.CoatingThicknessNm));
                p.AddWithValue("$method", Db(d.CoatingMethod));
                p.AddWithValue("$electrolyte", d.Electrolyte);
                p.AddWithValue("$electrolyte_class", Db(d.ElectrolyteClass));
                p.AddWithValue("$current", Db(d.CurrentMAg));
                p.AddWithValue("$c_rate", Db(d.CRate));
                p.AddWithValue("$temperature", Db(d.TemperatureC));
                p.AddWithValue("$charge_c_rate", Db(d.ChargeCRate));
                p.AddWithValue("$electrode_class", Db(d.ElectrodeClass));
                p.AddWithValue("$nominal", Db(cell.NominalCapacityAh));
                p.AddWithValue("$created", cell.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                p.AddWithValue("$updated", cell.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
                upsert.ExecuteNonQuery();
            }

            using (var clear = connection.CreateCommand())
            {
                clear.Transaction = tx;
                clear.CommandText = "DELETE FROM cell_tags WHERE cell_id = $id";
                clear.Parameters.AddWithValue("$id", cell.CellId);
                clear.ExecuteNonQuery();
            }

            if (cell.Tags is { Count: > 0 })
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO cell_tags (cell_id, key, value) VALUES ($id, $key, $value)";
                insert.Parameters.AddWithValue("$id", cell.CellId);
                var key = insert.Parameters.Add("$key", SqliteType.Text);
                var value = insert.Parameters.Add("$value", SqliteType.Text);
                foreach (var (k, v) in cell.Tags)
                {
                    key.Value = k;
                    value.Value = v;
                    insert.ExecuteNonQuery();
                }
            }

            tx.Commit();
            return created;
        }, ct);
    }

    public async Task<CellRow?> GetCellAsync(string cellId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CellColumns} FROM cells c WHERE c.cell_id = $id";
        command.Parameters.AddWithValue("$id", cellId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadCell(reader) : null;
    }

    public async Task<IReadOnlyList<CellRow>> ListCellsAsync(CellQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > CellQuery.MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"CellQuery.Limit must be between 1 and {CellQuery.MaxLimit}.");

        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var columns = query.WithTags ? CellColumns : CellColumns.Replace(TagsColumn, "NULL AS tags", StringComparison.Ordinal);
        BuildCellQuery(command, query, columns, "cells c", query.Limit);

        var cells = new List<CellRow>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            cells.Add(ReadCell(reader));
        return cells;
    }

    /// <summary>The SELECT of <see cref="ListCellsAsync"/>: <paramref name="query"/>'s filters, order and key paging over <paramref name="from"/> (cells aliased c).</summary>
    private static void BuildCellQuery(SqliteCommand command, CellQuery query, string columns, string from, int limit)
    {
        var sql = new StringBuilder($"SELECT {columns} FROM {from} WHERE 1 = 1");
        void Filter(string column, string? value, string name)
        {
            if (value is null)
                return;
            sql.Append(CultureInfo.InvariantCulture, $" AND c.{column} = {name}");
            command.Parameters.AddWithValue(name, value);
        }
        Filter("electrode", query.Electrode, "$electrode");
        Filter("coating", query.Coating, "$coating");
        Filter("electrolyte", query.Electrolyte, "$electrolyte");
        var column = query.Sort switch
        {
            CellSort.CellId => "cell_id",
            CellSort.Electrode => "electrode",
            CellSort.Coating => "coating",
            CellSort.Electrolyte => "electrolyte",
            CellSort.CreatedAt => "created_at",
            CellSort.UpdatedAt => "updated_at",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "unknown CellSort."),
        };
        var order = query.Descending ? "DESC" : "ASC";
        var after = query.Descending ? "<" : ">";
        if (query.AfterCellId is not null)
        {
            // Key paging on (sort value, id); the sort value is the after-cell's own (times are ISO 8601 text: ordered).
            sql.Append(column == "cell_id"
                ? $" AND c.cell_id {after} $after"
                : $" AND (c.{column}, c.cell_id) {after} ((SELECT a.{column} FROM cells a WHERE a.cell_id = $after), $after)");
            command.Parameters.AddWithValue("$after", query.AfterCellId);
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            // LIKE is case-insensitive for ASCII in SQLite; % and _ in the text are matched literally.
            sql.Append("""
                 AND (c.cell_id LIKE $q ESCAPE '\' OR c.electrode LIKE $q ESCAPE '\' OR c.coating LIKE $q ESCAPE '\'
                      OR c.electrolyte LIKE $q ESCAPE '\' OR EXISTS (SELECT 1 FROM cell_tags s WHERE s.cell_id = c.cell_id AND s.value LIKE $q ESCAPE '\'))
                """);
            var escaped = query.Search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            command.Parameters.AddWithValue("$q", $"%{escaped}%");
        }
        var i = 0;
        foreach (var (key, value) in query.Tags ?? new Dictionary<string, string>())
        {
            sql.Append(CultureInfo.InvariantCulture,
                $" AND EXISTS (SELECT 1 FROM cell_tags t WHERE t.cell_id = c.cell_id AND t.key = $tk{i} AND t.value = $tv{i})");
            command.Parameters.AddWithValue($"$tk{i}", key);
            command.Parameters.AddWithValue($"$tv{i}", value);
            i++;
        }
        sql.Append(column == "cell_id" ? $" ORDER BY c.cell_id {order} LIMIT $limit" : $" ORDER BY c.{column} {order}, c.cell_id {order} LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit);
        command.CommandText = sql.ToString();

    }

    public async IAsyncEnumerable<CellWithState<T>> ReadCellsWithStateAsync<T>(CellQuery filter, string grainType, int limit, StateParser<T> parse,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // A million cells each joined to its state by key: read the file through a memory map (the
        // OS page cache) rather than SQLite's small per-connection cache, which misses on every lookup.
        command.CommandText = "PRAGMA mmap_size = 4294967296";
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        BuildCellQuery(command, filter with { Sort = CellSort.CellId, Descending = false }, RawCellReader<T>.Columns,
            "cells c LEFT JOIN grain_state g ON g.grain_type = $grain_type AND g.grain_key = c.cell_id", limit);
        command.Parameters.AddWithValue("$grain_type", grainType);
        using var rows = new RawCellReader<T>(connection, command, parse);
        while (rows.Next() is { } row)
        {
            ct.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    public Task<bool> DeleteCellAsync(string cellId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return RunWriteAsync(connection =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.Parameters.AddWithValue("$id", cellId);
            foreach (var sql in new[]
            {
                "DELETE FROM cycles WHERE cell_id = $id",
                "DELETE FROM grain_state WHERE grain_key = $id",
                "DELETE FROM cell_tags WHERE cell_id = $id",
            })
            {
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
            command.CommandText = "DELETE FROM cells WHERE cell_id = $id";
            var deleted = command.ExecuteNonQuery() > 0;
            tx.Commit();
            return deleted;
        }, ct);
    }

    public async Task<long> CountCellsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cells";
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<CellDesign>> ListDesignsAsync(string electrode, int limit, CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = StoredRows.DistinctDesignsSql('$');
        command.Parameters.AddWithValue("$electrode", electrode);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var designs = new List<CellDesign>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            designs.Add(StoredRows.ReadDesign(reader, chargeCRate: 11, electrodeClass: 12));
        return designs;
    }

    public async Task<IReadOnlyList<CoatingCount>> CountCellsByCoatingAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = StoredRows.CoatingCountSql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var counts = new List<CoatingCount>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            counts.Add(StoredRows.ReadCoatingCount(reader));
        return counts;
    }

    private static CellRow ReadCell(SqliteDataReader r)
    {
        var design = StoredRows.ReadDesign(r, chargeCRate: 15, electrodeClass: 16);
        var tags = r.IsDBNull(14)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(14)) ?? [];
        return new CellRow(
            r.GetString(0),
            design,
            tags,
            StoredRows.NullableDouble(r, 11),
            DateTimeOffset.Parse(r.GetString(12), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            DateTimeOffset.Parse(r.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
    private static object Db(double? value) => value is { } v ? v : DBNull.Value;
}
