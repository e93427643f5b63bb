using Orleans;
using Orleans.Serialization.Cloning;
using Twin.Core.Twins;

namespace Twin.Actors.Serialization;

[GenerateSerializer]
public struct LifeIntervalSurrogate
{
    [Id(0)] public double Level;
    [Id(1)] public double Lower;
    [Id(2)] public double Upper;
}

[RegisterConverter]
public sealed class LifeIntervalConverter : IConverter<LifeInterval, LifeIntervalSurrogate>
{
    public LifeInterval ConvertFromSurrogate(in LifeIntervalSurrogate s) => new(s.Level, s.Lower, s.Upper);
    public LifeIntervalSurrogate ConvertToSurrogate(in LifeInterval v) => new() { Level = v.Level, Lower = v.Lower, Upper = v.Upper };
}

[GenerateSerializer]
public struct EolThresholdSurrogate
{
    [Id(0)] public double? Fraction;
    [Id(1)] public double? CapacityAh;
}

[RegisterConverter]
public sealed class EolThresholdConverter : IConverter<EolThreshold, EolThresholdSurrogate>
{
    public EolThreshold ConvertFromSurrogate(in EolThresholdSurrogate s) => new(s.Fraction, s.CapacityAh);
    public EolThresholdSurrogate ConvertToSurrogate(in EolThreshold v) => new() { Fraction = v.Fraction, CapacityAh = v.CapacityAh };
}

[GenerateSerializer]
public struct TwinAnomalySurrogate
{
    [Id(0)] public string Kind;
    [Id(1)] public int Cycle;
    [Id(2)] public string Detail;
}

[RegisterConverter]
public sealed class TwinAnomalyConverter : IConverter<TwinAnomaly, TwinAnomalySurrogate>
{
    public TwinAnomaly ConvertFromSurrogate(in TwinAnomalySurrogate s) => new(s.Kind, s.Cycle, s.Detail);
    public TwinAnomalySurrogate ConvertToSurrogate(in TwinAnomaly v) => new() { Kind = v.Kind, Cycle = v.Cycle, Detail = v.Detail };
}

/// <summary>A threshold is an immutable record: a call inside the silo passes it as is.</summary>
[RegisterCopier]
public sealed class EolThresholdCopier : ShallowCopier<EolThreshold>;
