using Microsoft.Data.Sqlite;
using Twin.Core.Cycles;

namespace Twin.Storage.Sqlite.Internal;

/// <summary>
/// The prepared statements of the append path, kept on the writer connection for its
/// lifetime so each batch only binds values. Used only under the store's write lock.
/// </summary>
internal sealed class CycleCommands : IDisposable
{
    public const string InsertSql = """
        INSERT INTO cycles (cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh,
                            temperature_c, internal_resistance_ohm, timestamp_utc_ticks)
        VALUES ($cell, $cycle, $discharge, $charge, $energy, $temperature, $resistance, $ticks)
        """;

    public const string SelectColumns =
        "cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh, temperature_c, internal_resistance_ohm, timestamp_utc_ticks";

    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _cell, _cycle, _discharge, _charge, _energy, _temperature, _resistance, _ticks;
    private readonly SqliteCommand _select;
    private readonly SqliteParameter _selectCell, _selectCycle;
    private readonly SqliteCommand _cellExists;
    private readonly SqliteParameter _existsCell;

    public CycleCommands(SqliteConnection connection)
    {
        _insert = connection.CreateCommand();
        _insert.CommandText = InsertSql + " ON CONFLICT (cell_id, cycle) DO NOTHING";
        _cell = _insert.Parameters.Add("$cell", SqliteType.Text);
        _cycle = _insert.Parameters.Add("$cycle", SqliteType.Integer);
        _discharge = _insert.Parameters.Add("$discharge", SqliteType.Real);
        _charge = _insert.Parameters.Add("$charge", SqliteType.Real);
        _energy = _insert.Parameters.Add("$energy", SqliteType.Real);
        _temperature = _insert.Parameters.Add("$temperature", SqliteType.Real);
        _resistance = _insert.Parameters.Add("$resistance", SqliteType.Real);
        _ticks = _insert.Parameters.Add("$ticks", SqliteType.Integer);

        _select = connection.CreateCommand();
        _select.CommandText = $"SELECT {SelectColumns} FROM cycles WHERE cell_id = $cell AND cycle = $cycle";
        _selectCell = _select.Parameters.Add("$cell", SqliteType.Text);
        _selectCycle = _select.Parameters.Add("$cycle", SqliteType.Integer);

        _cellExists = connection.CreateCommand();
        _cellExists.CommandText = "SELECT 1 FROM cells WHERE cell_id = $cell";
        _existsCell = _cellExists.Parameters.Add("$cell", SqliteType.Text);
    }

    public void Enlist(SqliteTransaction? tx)
    {
        _insert.Transaction = tx;
        _select.Transaction = tx;
        _cellExists.Transaction = tx;
    }

    public bool CellExists(string cellId)
    {
        _existsCell.Value = cellId;
        return _cellExists.ExecuteScalar() is not null;
    }

    /// <summary>Inserts the row unless its (cell, cycle) exists; true when inserted.</summary>
    public bool TryInsert(CycleRecord row)
    {
        Bind(row, _cell, _cycle, _discharge, _charge, _energy, _temperature, _resistance, _ticks);
        return _insert.ExecuteNonQuery() == 1;
    }

    public CycleRecord? Select(string cellId, int cycle)
    {
        _selectCell.Value = cellId;
        _selectCycle.Value = cycle;
        using var reader = _select.ExecuteReader();
        return reader.Read() ? ReadCycle(reader) : null;
    }

    public static void Bind(CycleRecord row, SqliteParameter cell, SqliteParameter cycle, SqliteParameter discharge,
        SqliteParameter charge, SqliteParameter energy, SqliteParameter temperature, SqliteParameter resistance, SqliteParameter ticks)
    {
        cell.Value = row.CellId;
        cycle.Value = row.Cycle;
        discharge.Value = row.DischargeCapacityAh;
        charge.Value = Db(row.ChargeCapacityAh);
        energy.Value = Db(row.EnergyWh);
        temperature.Value = Db(row.TemperatureC);
        resistance.Value = Db(row.InternalResistanceOhm);
        ticks.Value = row.Timestamp is { } t ? t.UtcTicks : DBNull.Value;
    }

    /// <summary>Reads a row laid out as <see cref="SelectColumns"/>; timestamps come back in UTC.</summary>
    public static CycleRecord ReadCycle(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetInt32(1),
        r.GetDouble(2),
        r.IsDBNull(3) ? null : r.GetDouble(3),
        r.IsDBNull(4) ? null : r.GetDouble(4),
        r.IsDBNull(5) ? null : r.GetDouble(5),
        r.IsDBNull(6) ? null : r.GetDouble(6),
        r.IsDBNull(7) ? null : new DateTimeOffset(r.GetInt64(7), TimeSpan.Zero));

    private static object Db(double? value) => value is { } v ? v : DBNull.Value;

    public void Dispose()
    {
        _insert.Dispose();
        _select.Dispose();
        _cellExists.Dispose();
    }
}
