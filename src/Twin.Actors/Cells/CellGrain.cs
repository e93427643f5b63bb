using Microsoft.Extensions.Logging;
using Twin.Actors.Hosting;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// The twin of one cell. Turn-based (the host runs one call at a time), so no locks. The fit is
/// rebuilt from the cycle store when it is stale (new cycles, a new design or a new model) and
/// kept warm: the default forecast is cached until something changes. State is written after
/// each refit and on deactivation; an ETag conflict (another node wrote it) is settled by
/// re-reading and refitting, since the state is derived from the stored cycles.
/// </summary>
public sealed class CellGrain : IGrainBase, ICellGrain
{
    readonly string _cellId;
    readonly IPersistentState<CellTwinState> _state;
    readonly ICellStore _cells;
    readonly ICycleStore _cycles;
    readonly IDesignModelSource _models;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    TwinForecast? _defaultForecast;
    bool _dirty;

    public CellGrain(GrainActivationContext context, ICellStore cells, ICycleStore cycles, IDesignModelSource models, TimeProvider time, ILogger<CellGrain> logger)
    {
        _cellId = context.Key;
        _state = context.GetPersistentState<CellTwinState>("twin");
        _cells = cells;
        _cycles = cycles;
        _models = models;
        _time = time;
        _logger = logger;
    }

    CellTwinState State => _state.State;

    public ValueTask CyclesAppendedAsync(CyclesAppended message, CancellationToken ct = default)
    {
        State.Stale = true;
        State.LastDataAt = _time.GetUtcNow();
        _defaultForecast = null;
        _dirty = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DesignChangedAsync(CancellationToken ct = default)
    {
        State.Stale = true;
        _defaultForecast = null;
        _dirty = true;
        return ValueTask.CompletedTask;
    }

    public async ValueTask<CellTwinState> GetStateAsync(CancellationToken ct = default)
    {
        await ForecastAsync(EolThreshold.Default, ct);
        return State;
    }

    public async ValueTask<TwinForecast> ForecastAsync(EolThreshold threshold, CancellationToken ct = default)
    {
        var model = _models.Current;
        if (threshold == EolThreshold.Default && _defaultForecast is { } cached && !State.Stale && State.ModelVersion == model.Card.Version)
            return cached;
        var cell = await _cells.GetCellAsync(_cellId, ct) ?? throw new UnknownCellException([_cellId]);
        var records = await _cycles.ReadCyclesAsync(_cellId, ct);
        var history = CapacityHistory.FromCapacities(records.Select(r => (r.Cycle, r.DischargeCapacityAh)));
        var prior = model.Predict(cell.Design, ct).ToTwinPrior();
        var calibration = model.Card.TwinCalibration;
        var forecast = TwinForecaster.Forecast(history, prior, threshold, calibration, cell.NominalCapacityAh);
        if (threshold != EolThreshold.Default) return forecast;

        _defaultForecast = forecast;
        Record(forecast, history, model.Card.Version);
        await WriteAsync(ct);
        return forecast;
    }

    public async ValueTask DeletedAsync(CancellationToken ct = default)
    {
        _defaultForecast = null;
        _dirty = false;
        await _state.ClearStateAsync(ct);
        _state.State = new CellTwinState();
    }

    public async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        if (_dirty) await WriteAsync(ct);
    }

    void Record(TwinForecast f, CapacityHistory history, string modelVersion)
    {
        var s = State;
        s.CyclesObserved = f.CyclesObserved;
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
        s.FittedAt = _time.GetUtcNow();
        s.Stale = false;
        _dirty = true;
    }

    async Task WriteAsync(CancellationToken ct)
    {
        try
        {
            await _state.WriteStateAsync(ct);
            _dirty = false;
        }
        catch (InconsistentStateException e)
        {
            // Another activation (another node while the cluster changes) wrote first. Our state
            // is derived from the stored cycles, so take theirs and refit on the next read.
            _logger.LogWarning(e, "twin state of cell {CellId} was written elsewhere; re-reading", _cellId);
            await _state.ReadStateAsync(ct);
            State.Stale = true;
            _defaultForecast = null;
        }
    }
}
