using Orleans;
using Twin.Core.Twins;

namespace Twin.Actors.Cells;

/// <summary>
/// One battery cell's digital twin, an Orleans grain keyed by cell id. Calls run one at a time
/// per cell. Cycles are stored durably first (ICycleStore) and then announced to the grain, which
/// refits lazily: the next state or forecast read sees every stored cycle, also cycles stored by
/// another process (the grain compares the store's cycle count with what it last fitted).
/// </summary>
public interface ICellGrain : IGrainWithStringKey
{
    /// <summary>New cycles were stored for this cell; the twin is refitted on the next read.</summary>
    ValueTask CyclesAppendedAsync(CyclesAppended message, CancellationToken ct = default);

    /// <summary>The cell's design or nominal capacity changed; the twin is refitted on the next read.</summary>
    ValueTask DesignChangedAsync(CancellationToken ct = default);

    /// <summary>The twin's state: SOH now, calibrated fade law, anomalies, data weight, model version.</summary>
    ValueTask<CellTwinState> GetStateAsync(CancellationToken ct = default);

    /// <summary>The lifetime forecast at an end-of-life threshold (0.8 of initial capacity by default).</summary>
    ValueTask<TwinForecast> ForecastAsync(EolThreshold threshold, CancellationToken ct = default);

    /// <summary>The cell was deleted (its stored twin state with it): forget the state and deactivate.</summary>
    ValueTask DeletedAsync(CancellationToken ct = default);
}

/// <summary>An immutable message: how many cycles were stored and the highest cycle number among them.</summary>
[GenerateSerializer, Immutable]
public sealed record CyclesAppended([property: Id(0)] int Inserted, [property: Id(1)] int MaxCycle);
