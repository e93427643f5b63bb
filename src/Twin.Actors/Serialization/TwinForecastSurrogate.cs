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
}

[RegisterConverter]
public sealed class TwinForecastConverter : IConverter<TwinForecast, TwinForecastSurrogate>
{
    public TwinForecast ConvertFromSurrogate(in TwinForecastSurrogate s) =>
        new(s.CyclesObserved, s.LastCycle, s.ReferenceCapacityAh, s.SohNow, s.Threshold, s.EndOfLifeReached, s.EolP50,
            s.EolIntervals, s.DataWeight, s.Eol80P50, s.Exponent, s.NoiseSd, s.ModelVersion);

    public TwinForecastSurrogate ConvertToSurrogate(in TwinForecast f) => new()
    {
        CyclesObserved = f.CyclesObserved, LastCycle = f.LastCycle, ReferenceCapacityAh = f.ReferenceCapacityAh, SohNow = f.SohNow,
        Threshold = f.Threshold, EndOfLifeReached = f.EndOfLifeReached, EolP50 = f.EolP50, EolIntervals = f.EolIntervals.ToArray(),
        DataWeight = f.DataWeight, Eol80P50 = f.Eol80P50, Exponent = f.Exponent, NoiseSd = f.NoiseSd, ModelVersion = f.ModelVersion,
    };
}

/// <summary>
/// A forecast is immutable, so a call inside the silo hands over the grain's cached instance
/// instead of a deep copy: the API keys its rendered JSON on that instance.
/// </summary>
[RegisterCopier]
public sealed class TwinForecastCopier : ShallowCopier<TwinForecast>;
