using Microsoft.Data.Sqlite;
using SQLitePCL;
using Twin.Core.Designs;

namespace Twin.Storage.Sqlite.Internal;

/// <summary>
/// Steps a prepared <see cref="Columns"/> query through SQLite's own API (SQLitePCL, under
/// Microsoft.Data.Sqlite). A million cells share a few dozen designs, and reading every row's
/// twelve design columns into .NET values (what <see cref="SqliteDataReader"/> does) cost seconds:
/// SQLite joins them into one key per row instead, which is compared as UTF-8 bytes in SQLite's
/// buffer, and a design's columns are read only the first time its key is seen.
/// </summary>
internal sealed class RawCellReader<T> : IDisposable
{
    /// <summary>
    /// The select list (cells aliased c, the state g): id, design key, state, then the design
    /// columns in <see cref="StoredRows.ReadDesign"/>'s order from 3. The key separates fields with
    /// U+001F and marks NULL with U+001E; numbers enter as SQLite's text of them (15 significant digits).
    /// </summary>
    public const string Columns = """
        c.cell_id,
        ifnull(c.electrode, char(30)) || char(31) || ifnull(c.coating, char(30)) || char(31) || ifnull(c.coating_class, char(30)) || char(31) ||
        ifnull(c.coating_thickness_nm, char(30)) || char(31) || ifnull(c.coating_method, char(30)) || char(31) || ifnull(c.electrolyte, char(30)) || char(31) ||
        ifnull(c.electrolyte_class, char(30)) || char(31) || ifnull(c.current_ma_g, char(30)) || char(31) || ifnull(c.c_rate, char(30)) || char(31) ||
        ifnull(c.temperature_c, char(30)) || char(31) || ifnull(c.charge_c_rate, char(30)) || char(31) || ifnull(c.electrode_class, char(30)),
        g.state_json,
        c.electrode, c.coating, c.coating_class, c.coating_thickness_nm, c.coating_method, c.electrolyte, c.electrolyte_class,
        c.current_ma_g, c.c_rate, c.temperature_c, c.charge_c_rate, c.electrode_class
        """;

    readonly sqlite3_stmt _statement;
    readonly Dictionary<int, List<(byte[] Key, CellDesign Design)>> _designs = [];

    readonly StateParser<T> _parse;

    public RawCellReader(SqliteConnection connection, SqliteCommand command, StateParser<T> parse)
    {
        _parse = parse;
        var db = connection.Handle ?? throw new InvalidOperationException("the connection is not open.");
        Check(db, raw.sqlite3_prepare_v2(db, command.CommandText, out _statement));
        foreach (SqliteParameter p in command.Parameters)
        {
            var index = raw.sqlite3_bind_parameter_index(_statement, p.ParameterName);
            if (index == 0) continue;
            Check(db, p.Value switch
            {
                string s => raw.sqlite3_bind_text(_statement, index, s),
                int i => raw.sqlite3_bind_int64(_statement, index, i),
                long l => raw.sqlite3_bind_int64(_statement, index, l),
                double d => raw.sqlite3_bind_double(_statement, index, d),
                _ => throw new ArgumentException($"parameter {p.ParameterName} has a type the raw reader does not bind: {p.Value?.GetType()}"),
            });
        }
    }

    /// <summary>The next row, or null after the last.</summary>
    public CellWithState<T>? Next()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_DONE) return null;
        if (rc != raw.SQLITE_ROW) throw new SqliteException($"SQLite error {rc} while reading cells", rc);
        var id = raw.sqlite3_column_text(_statement, 0).utf8_to_string();
        var design = Design(raw.sqlite3_column_blob(_statement, 1));
        var state = raw.sqlite3_column_type(_statement, 2) == raw.SQLITE_NULL ? default : _parse(raw.sqlite3_column_blob(_statement, 2));
        return new CellWithState<T>(id, design, state);
    }

    CellDesign Design(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        var code = hash.ToHashCode();
        if (_designs.TryGetValue(code, out var candidates))
            foreach (var (known, design) in candidates)
                if (key.SequenceEqual(known)) return design;
        var copy = key.ToArray();
        var made = new CellDesign(Text(3)!, Text(4)!, Text(5), Number(6), Text(7), Text(8)!, Text(9), Number(10), Number(11), Number(12),
            ChargeCRate: Number(13), ElectrodeClass: Text(14));
        if (candidates is null) _designs[code] = candidates = [];
        candidates.Add((copy, made));
        return made;
    }

    string? Text(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(_statement, column).utf8_to_string();

    double? Number(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(_statement, column);

    static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}", rc);
    }

    public void Dispose() => _statement.Dispose();
}
