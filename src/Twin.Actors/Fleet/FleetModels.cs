using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Actors.Cells;
using Twin.Core.Fleet;
using Twin.Core.Twins;
using Twin.Storage;

namespace Twin.Actors.Fleet;

/// <summary>A fleet fitted for one cell: the model, the cells it learned from (never the cell itself) and its version.</summary>
public sealed record FleetFit(string Fleet, string Version, FleetModel Model, IReadOnlyList<string> ReferenceIds);

/// <summary>
/// The fleet level of one silo. Reads a fleet's cells that have histories from the store once
/// (finished cells count as exact lives, running ones as censored: <see cref="ReferenceFleet.Fit"/>
/// tells them apart), fits <see cref="ReferenceFleet"/> on them and caches the fit; a cell with
/// cycles that the cached fleet does not hold yet makes it re-read the fleet. A cell that is
/// itself a reference gets a fit without its own history (else it would match itself). The cache
/// of a fleet is dropped when one of its cells finishes (<see cref="Invalidate"/>), on a retrain
/// (<see cref="InvalidateAll"/>) and after <see cref="CellGrainOptions.FleetRefitInterval"/>, which
/// is also how other silos' finished cells and newly registered cells reach this one.
/// </summary>
public sealed partial class FleetModels(ICellStore cells, ICycleStore cycles, IOptions<CellGrainOptions> options, ILogger<FleetModels> logger)
{
    /// <summary>More cached fits than this (leave-one-out fits are one per reference cell) clears them; they refit on demand.</summary>
    const int MaxFits = 4096;

    /// <summary>
    /// Fewest reference cells (the cell itself left out) for the fleet level to answer: with one,
    /// its interval is that one cell's life, zero wide; the design prior says more honestly how
    /// little is known.
    /// </summary>
    public const int MinReferences = 2;

    readonly TimeSpan _refitInterval = options.Value.FleetRefitInterval;
    readonly ConcurrentDictionary<string, Lazy<Task<Members>>> _members = new();
    readonly ConcurrentDictionary<(string Fleet, string Threshold, string Excluded), Lazy<Task<FleetFit?>>> _fits = new();
    long _generation;
    long _lastSweep;

    sealed record Members(long LoadedAt, IReadOnlyList<FleetCell> Cells);

    /// <summary>Changes whenever a cached fit may have been dropped: a forecast made at another generation may be out of date.</summary>
    public long Generation
    {
        get
        {
            SweepExpired();
            return Interlocked.Read(ref _generation);
        }
    }

    /// <summary>
    /// The fleet model to forecast <paramref name="cell"/> with, or null when its fleet has no
    /// reference cell other than the cell itself (or none the fleet level can learn from).
    /// </summary>
    /// <param name="hasHistory">The cell has stored cycles: if the cached fleet does not know it yet, the fleet is re-read (a new member).</param>
    public async Task<FleetFit?> GetAsync(CellRow cell, EolThreshold threshold, bool hasHistory = true, CancellationToken ct = default)
    {
        var fleet = FleetKeys.Of(cell);
        var members = await _members.GetOrAdd(fleet, f => new Lazy<Task<Members>>(() => LoadAsync(cell, f))).Value.WaitAsync(ct);
        if (hasHistory && !members.Cells.Any(c => c.CellId == cell.CellId))
        {
            // A cell the cached fleet has not seen: cells were added to the fleet since it was read.
            Invalidate(fleet);
            members = await _members.GetOrAdd(fleet, f => new Lazy<Task<Members>>(() => LoadAsync(cell, f))).Value.WaitAsync(ct);
        }
        var excluded = members.Cells.Any(c => c.CellId == cell.CellId) ? cell.CellId : "";
        if (_fits.Count > MaxFits) _fits.Clear();
        var key = (fleet, threshold.ToString(), excluded);
        var lazy = _fits.GetOrAdd(key, k => new Lazy<Task<FleetFit?>>(() => Task.Run(() => Fit(k.Fleet, members, excluded, threshold))));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _fits.TryRemove(new KeyValuePair<(string, string, string), Lazy<Task<FleetFit?>>>(key, lazy));
            throw;
        }
    }

    /// <summary>A cell of the fleet finished (or the fleet changed): the next forecast refits it.</summary>
    public void Invalidate(string fleet)
    {
        _members.TryRemove(fleet, out _);
        foreach (var key in _fits.Keys.Where(k => k.Fleet == fleet).ToArray()) _fits.TryRemove(key, out _);
        Interlocked.Increment(ref _generation);
        LogInvalidated(logger, fleet);
    }

    /// <summary>Every fleet refits on its next forecast (after a retrain).</summary>
    public void InvalidateAll()
    {
        _members.Clear();
        _fits.Clear();
        Interlocked.Increment(ref _generation);
    }

    void SweepExpired()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastSweep);
        if (now - last < 1000 || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var (fleet, lazy) in _members)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && now - lazy.Value.Result.LoadedAt >= _refitInterval.TotalMilliseconds)
                Invalidate(fleet);
    }

    async Task<Members> LoadAsync(CellRow cell, string fleet)
    {
        var query = FleetKeys.Query(cell);
        var found = new List<FleetCell>();
        string? after = null;
        while (true)
        {
            var page = await cells.ListCellsAsync(query with { AfterCellId = after });
            foreach (var member in page.Where(m => FleetKeys.Belongs(m, fleet)))
            {
                var rows = await cycles.ReadCyclesAsync(member.CellId);
                if (rows.Count == 0) continue;
                found.Add(new FleetCell(member.CellId, FleetKeys.Metadata(member), rows.Select(r => new CycleReading(r.Cycle, r.DischargeCapacityAh)).ToArray()));
            }
            if (page.Count < query.Limit) break;
            after = page[^1].CellId;
        }
        return new Members(Environment.TickCount64, found);
    }

    FleetFit? Fit(string fleet, Members members, string excluded, EolThreshold threshold)
    {
        var references = members.Cells.Where(c => c.CellId != excluded).ToArray();
        if (references.Length < MinReferences) return null;
        try
        {
            var model = ReferenceFleet.Fit(references, threshold);
            var version = Version(fleet, references);
            LogFitted(logger, fleet, excluded, version, model.Description);
            return new FleetFit(fleet, version, model, references.Select(r => r.CellId).ToArray());
        }
        catch (ArgumentException e)
        {
            // Nothing the fleet level can learn from (e.g. histories of a single point): the design prior answers.
            LogUnusable(logger, fleet, e.Message);
            return null;
        }
    }

    /// <summary>A content hash of what the fit saw: the fleet, each reference and its history's length and last point.</summary>
    static string Version(string fleet, IEnumerable<FleetCell> references)
    {
        var text = new StringBuilder(fleet);
        foreach (var r in references.OrderBy(r => r.CellId, StringComparer.Ordinal))
            text.Append('\n').Append(r.CellId).Append(':').Append(r.History.Count).Append(':').Append(r.History[^1].Cycle).Append(':').Append(r.History[^1].CapacityAh.ToString("R"));
        return "fleet-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Fleet {Fleet} fitted (without {Excluded}) as {Version}: {Description}")]
    static partial void LogFitted(ILogger logger, string fleet, string excluded, string version, string description);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Fleet {Fleet} cannot be learned from ({Reason}); the design prior answers")]
    static partial void LogUnusable(ILogger logger, string fleet, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Fleet {Fleet} will be refitted on its next forecast")]
    static partial void LogInvalidated(ILogger logger, string fleet);
}
