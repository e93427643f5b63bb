using System.Data.Common;
using Twin.Core.Cycles;
using Twin.Core.Designs;

namespace Twin.Storage.Internal;

/// <summary>What both stores read and check the same way, whatever the database.</summary>
internal static class StoredRows
{
    public static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    /// <summary>
    /// A cycle row laid out as cell_id, cycle, discharge, charge, energy, CE, temperature and UTC
    /// ticks (both stores select it so); timestamps come back in UTC.
    /// </summary>
    public static CycleRecord ReadCycle(DbDataReader r) => new(
        r.GetString(0),
        r.GetInt32(1),
        r.GetDouble(2),
        NullableDouble(r, 3),
        NullableDouble(r, 4),
        NullableDouble(r, 5),
        NullableDouble(r, 6),
        r.IsDBNull(7) ? null : new DateTimeOffset(r.GetInt64(7), TimeSpan.Zero));

    /// <summary>
    /// The design columns of a cell row: electrode at 1 to temperature at 10 in both stores; the two
    /// columns added later sit where each store's schema put them.
    /// </summary>
    public static CellDesign ReadDesign(DbDataReader r, int chargeCRate, int electrodeClass) => new(
        Electrode: r.GetString(1),
        Coating: r.GetString(2),
        CoatingClass: NullableString(r, 3),
        CoatingThicknessNm: NullableDouble(r, 4),
        CoatingMethod: NullableString(r, 5),
        Electrolyte: r.GetString(6),
        ElectrolyteClass: NullableString(r, 7),
        CurrentMAg: NullableDouble(r, 8),
        CRate: NullableDouble(r, 9),
        TemperatureC: NullableDouble(r, 10),
        ChargeCRate: NullableDouble(r, chargeCRate),
        ElectrodeClass: NullableString(r, electrodeClass));

    /// <summary>The same SQL in both stores (parameter prefix aside): the distinct designs of one electrode, in <see cref="ReadDesign"/>'s column order.</summary>
    public static string DistinctDesignsSql(char prefix) => $"""
        SELECT DISTINCT '' AS cell_id, electrode, coating, coating_class, coating_thickness_nm, coating_method, electrolyte, electrolyte_class,
               current_ma_g, c_rate, temperature_c, charge_c_rate, electrode_class
        FROM cells WHERE electrode = {prefix}electrode LIMIT {prefix}limit
        """;

    /// <summary>The same SQL in both stores: cells grouped by the columns their coating and electrode classes derive from.</summary>
    public const string CoatingCountSql = """
        SELECT electrode, electrode_class, coating, coating_class, count(*)
        FROM cells GROUP BY electrode, electrode_class, coating, coating_class
        """;

    public static CoatingCount ReadCoatingCount(DbDataReader r) =>
        new(r.GetString(0), NullableString(r, 1), r.GetString(2), NullableString(r, 3), r.GetInt64(4));

    /// <summary>The argument checks of <see cref="ICycleStore.AppendAsync"/>; false when there is nothing to append.</summary>
    public static bool CheckAppend(IReadOnlyList<CycleRecord> rows, AppendMode mode)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null || rows[i].CellId is null)
                throw new ArgumentException($"Row {i} is null or has no cell id.", nameof(rows));
        }
        return rows.Count > 0;
    }
}
