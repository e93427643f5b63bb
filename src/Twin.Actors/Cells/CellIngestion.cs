using Orleans;
using Twin.Core.Cycles;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// The one path by which cycles enter Twin (HTTP batches, streams, uploaded files, the CLI):
/// rows are validated, appended to <see cref="ICycleStore"/> (committed before anything is
/// acknowledged), and only then is each touched cell's grain told, one
/// <see cref="CyclesAppended"/> per cell and append. Without a grain factory (the CLI, which
/// runs no silo) nothing is told: a running server's grain notices the new cycles in the store
/// on its next read.
/// </summary>
public sealed class CellIngestion(ICellStore cells, ICycleStore cycles, IGrainFactory? grains = null)
{
    public const int MaxCycle = 10_000_000;
    public const double MaxCapacityOverNominal = 1.5;
    public const double MinTemperatureC = -60, MaxTemperatureC = 150;
    public const int DefaultBatchSize = 5_000;
    public const int DefaultMaxListed = 1_000;

    /// <summary>
    /// All or nothing, for one cell (a JSON batch, an uploaded file): every row is validated first;
    /// any rejected row, or any conflict with a stored cycle, means nothing is written. Rows for
    /// another cell id than <paramref name="cellId"/> are rejected.
    /// </summary>
    /// <exception cref="UnknownCellException">The cell is not registered (or was deleted meanwhile).</exception>
    public async Task<IngestionResult> IngestCellAsync(string cellId, IReadOnlyList<CycleRowInput> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cell = await cells.GetCellAsync(cellId, ct) ?? throw new UnknownCellException([cellId]);
        var rejected = new List<RowRejection>();
        var rejectedRows = 0;
        var records = new List<CycleRecord>(rows.Count);
        foreach (var input in rows)
        {
            var before = rejected.Count;
            if (input.Errors is { } errors) rejected.AddRange(errors);
            else if (input.Cycle!.CellId != cellId) rejected.Add(new(input.Row, input.Cycle.CellId, "cell_id", $"is '{input.Cycle.CellId}' but this batch is for cell '{cellId}'."));
            else
            {
                Validate(input.Row, input.Cycle, cell.NominalCapacityAh, rejected);
                if (rejected.Count == before) records.Add(input.Cycle);
            }
            if (rejected.Count > before) rejectedRows++;
        }
        if (rejectedRows > 0)
            return new IngestionResult(rows.Count, 0, 0, [], 0, Cap(rejected), rejectedRows);
        if (records.Count == 0)
            return new IngestionResult(0, 0, 0, [], 0, [], 0);

        var result = await cycles.AppendAsync(records, AppendMode.AllOrNothing, ct);
        if (result.HasConflicts)
        {
            var conflicts = Locate(result.Conflicts, rows);
            return new IngestionResult(rows.Count, 0, result.Duplicates, Cap(conflicts), conflicts.Count, [], 0);
        }
        IngestionMetrics.Record(result.Inserted, result.Duplicates);
        if (result.Inserted > 0) await NotifyAsync(cellId, result.Inserted, records.Max(r => r.Cycle));
        return new IngestionResult(rows.Count, result.Inserted, result.Duplicates, [], 0, [], 0);
    }

    /// <summary>
    /// Row by row, for a stream over many cells (CSV, NDJSON): valid rows are appended in batches
    /// of <paramref name="batchSize"/>, each one transaction with conflicts skipped, so everything
    /// counted as inserted is durable once this returns (and each batch already when it is
    /// committed). Invalid rows, rows of unregistered cells and conflicts are reported and left out.
    /// </summary>
    public async Task<IngestionResult> IngestStreamAsync(IAsyncEnumerable<CycleRowInput> rows, int batchSize = DefaultBatchSize,
        int maxListed = DefaultMaxListed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var known = new Dictionary<string, CellRow?>(StringComparer.Ordinal);
        var rejected = new List<RowRejection>();
        var conflicts = new List<IngestionConflict>();
        long received = 0, rejectedCount = 0, conflictCount = 0, inserted = 0, duplicates = 0;
        var batch = new List<CycleRowInput>(batchSize);

        void Reject(IEnumerable<RowRejection> reasons)
        {
            rejectedCount++;
            foreach (var r in reasons)
                if (rejected.Count < maxListed) rejected.Add(r);
        }

        async Task FlushAsync()
        {
            while (batch.Count > 0)
            {
                AppendResult result;
                try
                {
                    result = await cycles.AppendAsync(batch.Select(b => b.Cycle!).ToArray(), AppendMode.SkipConflicts, ct);
                }
                catch (UnknownCellException e)
                {
                    // Deleted since it was looked up: its rows are rejected, the rest retried.
                    var gone = e.CellIds.ToHashSet(StringComparer.Ordinal);
                    foreach (var id in gone) known[id] = null;
                    foreach (var b in batch.Where(b => gone.Contains(b.Cycle!.CellId)))
                        Reject([new(b.Row, b.Cycle!.CellId, "cell_id", UnknownCellReason(b.Cycle.CellId))]);
                    batch.RemoveAll(b => gone.Contains(b.Cycle!.CellId));
                    continue;
                }
                inserted += result.Inserted;
                duplicates += result.Duplicates;
                IngestionMetrics.Record(result.Inserted, result.Duplicates);
                conflictCount += result.Conflicts.Count;
                var located = Locate(result.Conflicts, batch);
                conflicts.AddRange(located.Take(maxListed - conflicts.Count));
                if (result.Inserted > 0)
                {
                    var conflicting = result.Conflicts.Select(c => (c.CellId, c.Cycle)).ToHashSet();
                    foreach (var group in batch.Select(b => b.Cycle!).Where(c => !conflicting.Contains((c.CellId, c.Cycle))).GroupBy(c => c.CellId))
                        await NotifyAsync(group.Key, group.Count(), group.Max(c => c.Cycle));
                }
                batch.Clear();
            }
        }

        await foreach (var input in rows.WithCancellation(ct))
        {
            received++;
            if (input.Errors is { } unreadable)
            {
                Reject(unreadable);
                continue;
            }
            var cycle = input.Cycle!;
            if (!known.TryGetValue(cycle.CellId, out var cell))
                known[cycle.CellId] = cell = await cells.GetCellAsync(cycle.CellId, ct);
            if (cell is null)
            {
                Reject([new(input.Row, cycle.CellId, "cell_id", UnknownCellReason(cycle.CellId))]);
                continue;
            }
            var errors = new List<RowRejection>(1);
            Validate(input.Row, cycle, cell.NominalCapacityAh, errors);
            if (errors.Count > 0)
            {
                Reject(errors);
                continue;
            }
            batch.Add(input);
            if (batch.Count >= batchSize) await FlushAsync();
        }
        await FlushAsync();
        return new IngestionResult(received, inserted, duplicates, conflicts, conflictCount, rejected, rejectedCount);
    }

    /// <summary>
    /// Adds a rejection per bad field of <paramref name="c"/>: cycle 1…10⁷; discharge capacity
    /// finite and &gt; 0; optional values finite; capacities at most 1.5 × the nominal capacity
    /// when it is known; temperature −60…150 °C; capacities, energy and internal resistance ≥ 0.
    /// </summary>
    public static void Validate(long row, CycleRecord c, double? nominalCapacityAh, List<RowRejection> errors)
    {
        void Add(string field, string reason) => errors.Add(new(row, c.CellId, field, reason));
        if (c.Cycle is < 1 or > MaxCycle) Add("cycle", $"must be between 1 and {MaxCycle}; got {c.Cycle}.");
        if (!double.IsFinite(c.DischargeCapacityAh)) Add("discharge_capacity_Ah", "must be a finite number.");
        else if (c.DischargeCapacityAh <= 0) Add("discharge_capacity_Ah", $"must be > 0 Ah; got {c.DischargeCapacityAh}.");
        else AboveNominal("discharge_capacity_Ah", c.DischargeCapacityAh);
        if (NonNegative("charge_capacity_Ah", c.ChargeCapacityAh, "Ah")) AboveNominal("charge_capacity_Ah", c.ChargeCapacityAh!.Value);
        NonNegative("energy_Wh", c.EnergyWh, "Wh");
        NonNegative("internal_resistance_ohm", c.InternalResistanceOhm, "Ω");
        if (c.TemperatureC is { } t)
        {
            if (!double.IsFinite(t)) Add("temperature_C", "must be a finite number (leave it out if unknown).");
            else if (t is < MinTemperatureC or > MaxTemperatureC) Add("temperature_C", $"must be between {MinTemperatureC} and {MaxTemperatureC} °C; got {t}, which looks like a unit mistake.");
        }

        bool NonNegative(string field, double? value, string unit)
        {
            if (value is not { } v) return false;
            if (!double.IsFinite(v)) Add(field, "must be a finite number (leave it out if unknown).");
            else if (v < 0) Add(field, $"must be ≥ 0 {unit}; got {v}.");
            else return true;
            return false;
        }

        void AboveNominal(string field, double v)
        {
            if (nominalCapacityAh is { } nominal && v > MaxCapacityOverNominal * nominal)
                Add(field, $"is {v} Ah, far above the cell's nominal capacity of {nominal} Ah (more than {MaxCapacityOverNominal}×); check the unit (mAh vs Ah) or the cell's nominal_capacity_Ah.");
        }
    }

    /// <summary>
    /// For cycler files: a cycle without discharge (a formation charge, a cycle cut off by the end
    /// of the test) says nothing about capacity fade, so it is left out with a warning instead of
    /// failing the whole file. Both the upload endpoint and the CLI import use this.
    /// </summary>
    public static List<CycleRecord> DropCyclesWithoutDischarge(IEnumerable<CycleRecord> cycles, List<string> warnings)
    {
        var kept = new List<CycleRecord>();
        var dropped = new List<int>();
        foreach (var c in cycles)
        {
            if (c.DischargeCapacityAh > 0) kept.Add(c);
            else dropped.Add(c.Cycle);
        }
        if (dropped.Count > 0)
            warnings.Add($"{dropped.Count} cycle(s) without discharge capacity (charge-only or cut off) were not stored: {string.Join(", ", dropped.Take(20))}{(dropped.Count > 20 ? ", ..." : "")}.");
        return kept;
    }

    static string UnknownCellReason(string cellId) => $"'{cellId}' is not a registered cell; register it before sending its cycles.";

    async Task NotifyAsync(string cellId, long inserted, int maxCycle)
    {
        // The rows are committed: the grain must hear of them even if the caller has gone away.
        if (grains is not null)
            await grains.GetGrain<ICellGrain>(cellId).CyclesAppendedAsync(new CyclesAppended((int)Math.Min(inserted, int.MaxValue), maxCycle), CancellationToken.None);
    }

    /// <summary>Attaches to each conflict the row it came from (the last sent row with those values).</summary>
    static List<IngestionConflict> Locate(IReadOnlyList<CycleConflict> conflicts, IReadOnlyList<CycleRowInput> rows)
    {
        if (conflicts.Count == 0) return [];
        var rowOf = new Dictionary<CycleRecord, long>();
        foreach (var r in rows)
            if (r.Cycle is { } c) rowOf[c] = r.Row;
        return conflicts.Select(c => new IngestionConflict(rowOf.GetValueOrDefault(c.Sent, -1), c.CellId, c.Cycle, c.Stored, c.Sent)).ToList();
    }

    static List<T> Cap<T>(List<T> items) => items.Count <= DefaultMaxListed ? items : items.GetRange(0, DefaultMaxListed);
}
