using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Twin.Actors.Fleet;
using Twin.Actors.Storage;
using Twin.Core.Fleet;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// The twin of one cell. Turn-based (Orleans runs one call at a time), so no locks. The fit is
/// rebuilt from the cycle store when it is stale (new cycles, a new design or a new model) and
/// kept warm: the default forecast is cached until something changes. Cycles stored by another
/// process are noticed on read: at most every <see cref="CellGrainOptions.StoreCheckInterval"/>
/// the store's cycle count is compared with the one fitted. State is written after each refit
/// and on deactivation; an ETag conflict (another activation wrote it) is settled by re-reading
/// and refitting, since the state is derived from the stored cycles.
/// </summary>
[GrainType("cell")]
public sealed partial class CellGrain(
    [PersistentState("twin", TwinGrainStorageExtensions.ProviderName)] IPersistentState<CellTwinState> state,
    ICellStore cells,
    ICycleStore cycles,
    IDesignModelSource models,
    FleetModels fleets,
    [FromKeyedServices(CellGrain.ClockKey)] TimeProvider time,
    IOptions<CellGrainOptions> options,
    ILogger<CellGrain> logger) : Grain, ICellGrain
{
    /// <summary>The keyed <see cref="TimeProvider"/> twins read (Orleans falls back to the silo's clock); tests put a fake one here.</summary>
    public const string ClockKey = "Twin.Cells";

    readonly TimeSpan _storeCheckInterval = options.Value.StoreCheckInterval;
    TwinForecast? _defaultForecast;
    long _fleetGeneration = -1;
    long? _lastStoreCheck;
    bool _dirty;

    string CellId => this.GetPrimaryKeyString();

    CellTwinState State => state.State;

    public ValueTask CyclesAppendedAsync(CyclesAppended message, CancellationToken ct = default)
    {
        State.LastDataAt = time.GetUtcNow();
        MarkStale();
        return ValueTask.CompletedTask;
    }

    public ValueTask DesignChangedAsync(CancellationToken ct = default)
    {
        MarkStale();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<CellTwinState> GetStateAsync(CancellationToken ct = default)
    {
        await ForecastAsync(EolThreshold.Default, ct);
        return State;
    }

    public async ValueTask<TwinForecast> ForecastAsync(EolThreshold threshold, CancellationToken ct = default)
    {
        // Leased for the whole forecast: a promotion meanwhile cannot dispose the model under it.
        using var lease = models.Acquire();
        var model = lease.Value;
        await NoticeStoredCyclesAsync(ct);
        var generation = fleets.Generation;
        if (threshold == EolThreshold.Default && _defaultForecast is { } cached && !State.Stale && State.ModelVersion == model.Card.Version
            && generation == _fleetGeneration)
            return cached;
        var cell = await cells.GetCellAsync(CellId, ct) ?? throw new UnknownCellException([CellId]);
        var records = await cycles.ReadCyclesAsync(CellId, ct);
        var history = CapacityHistory.FromCapacities(records.Select(r => (r.Cycle, r.DischargeCapacityAh)));
        var prior = model.Predict(cell.Design, ct).ToTwinPrior();
        var forecast = TwinForecaster.Forecast(history, prior, threshold, model.Card.TwinCalibration, cell.NominalCapacityAh);
        var fit = await fleets.GetAsync(cell, threshold, records.Count > 0, ct);
        forecast = fit is null
            ? forecast with { Basis = ForecastBasis.Design(FleetKeys.Of(cell), $"design model {model.Card.Version}: the fleet has fewer than {FleetModels.MinReferences} reference cells with a history besides this one") }
            : FleetForecasts.Combine(forecast, fit.Model.Forecast(FleetKeys.Metadata(cell), records.Select(r => new CycleReading(r.Cycle, r.DischargeCapacityAh)).ToArray(), threshold), fit);
        if (threshold != EolThreshold.Default) return forecast;

        // A cell of the fleet that just finished is a new exact life for its fleet: refit it.
        if (forecast.EndOfLifeReached && !State.EndOfLifeReached && State.FittedAt is not null) fleets.Invalidate(FleetKeys.Of(cell));
        _fleetGeneration = fleets.Generation;
        _defaultForecast = forecast;
        Record(forecast, history, records.Count, model.Card.Version);
        await WriteAsync();
        return forecast;
    }

    public async ValueTask DeletedAsync(CancellationToken ct = default)
    {
        // The store deleted the stored state with the cell (one transaction), so there is nothing
        // to clear: re-read to drop the ETag of the deleted row, then go away.
        _defaultForecast = null;
        _dirty = false;
        await state.ReadStateAsync(ct);
        DeactivateOnIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        if (_dirty) await WriteAsync();
    }

    void MarkStale()
    {
        State.Stale = true;
        _defaultForecast = null;
        _dirty = true;
    }

    /// <summary>Cycles stored without the grain being told (another process) make the fit stale.</summary>
    async ValueTask NoticeStoredCyclesAsync(CancellationToken ct)
    {
        if (State.Stale) return;
        var now = time.GetTimestamp();
        if (_lastStoreCheck is { } last && time.GetElapsedTime(last, now) < _storeCheckInterval) return;
        _lastStoreCheck = now;
        var stored = await cycles.CountCyclesAsync(CellId, ct);
        if (stored != State.CyclesStored)
        {
            LogUntoldCycles(logger, CellId, stored, State.CyclesStored);
            MarkStale();
        }
    }

    void Record(TwinForecast f, CapacityHistory history, long cyclesStored, string modelVersion)
    {
        var s = State;
        s.CyclesObserved = f.CyclesObserved;
        s.CyclesStored = cyclesStored;
        s.LastCycle = f.LastCycle;
        s.ReferenceCapacityAh = double.IsFinite(f.ReferenceCapacityAh) ? f.ReferenceCapacityAh : null;
        s.SohNow = f.SohNow;
        s.Eol80 = f.Eol80P50;
        s.Exponent = f.Exponent;
        s.NoiseSd = f.NoiseSd;
        s.EolP50 = f.EolP50;
        s.EolLo90 = f.Eol(0.90).Lower;
        s.EolHi90 = f.Eol(0.90).Upper;
        s.DataWeight = f.DataWeight;
        s.EndOfLifeReached = f.EndOfLifeReached;
        s.Anomalies = AnomalyDetector.Detect(history).ToList();
        s.ModelVersion = modelVersion;
        s.FittedAt = time.GetUtcNow();
        s.Stale = false;
        _lastStoreCheck = time.GetTimestamp();
        _dirty = true;
    }

    async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (Orleans.Storage.InconsistentStateException e)
        {
            // Another activation (another silo while the cluster changes) wrote first. Our state
            // is derived from the stored cycles, so take theirs and refit on the next read.
            LogWrittenElsewhere(logger, e, CellId);
            await state.ReadStateAsync();
            MarkStale();
            _dirty = false;
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Twin state of cell {CellId} was written elsewhere; re-reading")]
    static partial void LogWrittenElsewhere(ILogger logger, Exception error, string cellId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Cell {CellId} has {Stored} stored cycles, {Fitted} when last fitted; refitting")]
    static partial void LogUntoldCycles(ILogger logger, string cellId, long stored, long fitted);
}
