using Orleans;
using Orleans.Serialization.Cloning;
using Twin.Core.Twins;

namespace Twin.Actors.Serialization;

/// <summary>
/// The wire form of <see cref="TwinForecast"/>: Twin.Core stays free of Orleans, so its records
/// cross the grain boundary through surrogates registered here.
/// </summary>
[GenerateSerializer]
public struct TwinForecastSurrogate
{
    [Id(0)] public int CyclesObserved;
    [Id(1)] public int LastCycle;
    [Id(2)] public double ReferenceCapacityAh;
    [Id(3)] public double SohNow;
    [Id(4)] public double Threshold;
    [Id(5)] public bool EndOfLifeReached;
    [Id(6)] public double EolP50;
    [Id(7)] public LifeInterval[] EolIntervals;
    [Id(8)] public double DataWeight;
    [Id(9)] public double Eol80P50;
    [Id(10)] public double Exponent;
    [Id(11)] public double NoiseSd;
    [Id(12)] public string ModelVersion;
    [Id(13)] public string? BasisLevel;
    [Id(14)] public string? BasisFleet;
    [Id(15)] public int BasisReferenceCells;
    [Id(16)] public double? BasisResemblance;
    [Id(17)] public string? BasisFleetVersion;
    [Id(18)] public string? BasisDetail;
}

[RegisterConverter]
public sealed class TwinForecastConverter : IConverter<TwinForecast, TwinForecastSurrogate>
{
    public TwinForecast ConvertFromSurrogate(in TwinForecastSurrogate s) =>
        new(s.CyclesObserved, s.LastCycle, s.ReferenceCapacityAh, s.SohNow, s.Threshold, s.EndOfLifeReached, s.EolP50,
            s.EolIntervals, s.DataWeight, s.Eol80P50, s.Exponent, s.NoiseSd, s.ModelVersion)
        {
            Basis = s.BasisLevel is null ? null
                : new ForecastBasis(s.BasisLevel, s.BasisFleet, s.BasisReferenceCells, s.BasisResemblance, s.BasisFleetVersion, s.BasisDetail ?? ""),
        };

    public TwinForecastSurrogate ConvertToSurrogate(in TwinForecast f) => new()
    {
        CyclesObserved = f.CyclesObserved, LastCycle = f.LastCycle, ReferenceCapacityAh = f.ReferenceCapacityAh, SohNow = f.SohNow,
        Threshold = f.Threshold, EndOfLifeReached = f.EndOfLifeReached, EolP50 = f.EolP50, EolIntervals = f.EolIntervals.ToArray(),
        DataWeight = f.DataWeight, Eol80P50 = f.Eol80P50, Exponent = f.Exponent, NoiseSd = f.NoiseSd, ModelVersion = f.ModelVersion,
        BasisLevel = f.Basis?.Level, BasisFleet = f.Basis?.Fleet, BasisReferenceCells = f.Basis?.ReferenceCells ?? 0,
        BasisResemblance = f.Basis?.Resemblance, BasisFleetVersion = f.Basis?.FleetVersion, BasisDetail = f.Basis?.Detail,
    };
}

/// <summary>
/// A forecast is immutable, so a call inside the silo hands over the grain's cached instance
/// instead of a deep copy: the API keys its rendered JSON on that instance.
/// </summary>
[RegisterCopier]
public sealed class TwinForecastCopier : ShallowCopier<TwinForecast>;
