using System.Text.Json;
using Twin.Actors.Cells;
using Twin.Core.Twins;

namespace Twin.Actors.Tests;

public sealed class StoredFleetTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void TheCalibrationReadFromAStoredStateIsTheOneItsFullStateGives()
    {
        var fitted = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(1));
        var state = new CellTwinState
        {
            Eol80 = 812.5, Exponent = 1.31, EolLo90 = 640, EolHi90 = 1010, ModelVersion = "v1", FittedAt = fitted, Stale = false,
            Anomalies = [new TwinAnomaly("knee onset", 400, "the fade speeds up")], CyclesObserved = 300,
        };
        var calibration = StoredFleet.Calibration(JsonSerializer.Serialize(state, Web));

        Assert.NotNull(calibration);
        Assert.Equal(Math.Log(812.5), calibration.LogEol80, 12);
        Assert.Equal(Math.Log(1010.0 / 640) / (2 * 1.6448536269514722), calibration.LogSd, 6);
        Assert.Equal((1.31, fitted, false), (calibration.Exponent, calibration.FittedAt, calibration.Stale));
    }

    [Fact]
    public void AStateWithoutAFitOrAModelVersionGivesNoCalibration()
    {
        Assert.Null(StoredFleet.Calibration(JsonSerializer.Serialize(new CellTwinState(), Web)));
        Assert.Null(StoredFleet.Calibration(JsonSerializer.Serialize(new CellTwinState { Eol80 = 500, Exponent = 1.2 }, Web)));
        var noInterval = StoredFleet.Calibration(JsonSerializer.Serialize(new CellTwinState { Eol80 = 500, Exponent = 1.2, ModelVersion = "v" }, Web));
        Assert.Equal((0.0, true), (noInterval!.LogSd, noInterval.Stale));
    }
}
