using Twin.Core.Twins;

namespace Twin.Actors.Cells;

/// <summary>
/// One battery cell's digital twin, keyed by cell id (Orleans' IGrainWithStringKey shape). Calls
/// run one at a time per cell. Cycles are stored durably first (ICycleStore) and then announced
/// to the grain, which refits lazily: the next state or forecast read sees every stored cycle.
/// </summary>
public interface ICellGrain
{
    /// <summary>New cycles (or a new design) were stored for this cell; the twin is refitted on the next read.</summary>
    ValueTask CyclesAppendedAsync(CyclesAppended message, CancellationToken ct = default);

    ValueTask DesignChangedAsync(CancellationToken ct = default);

    /// <summary>The twin's state: SOH now, calibrated fade law, anomalies, data weight, model version.</summary>
    ValueTask<CellTwinState> GetStateAsync(CancellationToken ct = default);

    /// <summary>The lifetime forecast at an end-of-life threshold (0.8 of initial capacity by default).</summary>
    ValueTask<TwinForecast> ForecastAsync(EolThreshold threshold, CancellationToken ct = default);

    /// <summary>The cell was deleted: drop the persisted state and deactivate.</summary>
    ValueTask DeletedAsync(CancellationToken ct = default);
}

/// <summary>An immutable message: how many cycles were stored and the highest cycle number among them.</summary>
public sealed record CyclesAppended(int Inserted, int MaxCycle);
