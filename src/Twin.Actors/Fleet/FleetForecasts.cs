using Twin.Core.Fleet;
using Twin.Core.Twins;

namespace Twin.Actors.Fleet;

/// <summary>Puts the fleet's end of life into a cell twin's forecast, whose fitted fade law still draws the curve.</summary>
public static class FleetForecasts
{
    /// <summary>
    /// The twin's forecast with the fleet's median and intervals. The fleet gives the 90% interval;
    /// the 80% and 95% ones are scaled from it in log cycles by the normal quantiles' ratio.
    /// </summary>
    public static TwinForecast Combine(TwinForecast twin, FleetForecast fleet, FleetFit fit)
    {
        // A fleet of running cells only may bound a life from below and not above: then the design prior answers.
        if (!double.IsFinite(fleet.EolP50) || !double.IsFinite(fleet.EolLo90) || !double.IsFinite(fleet.EolHi90) || fleet.EolP50 <= 0 || twin.EndOfLifeReached)
            return twin with
            {
                Basis = new ForecastBasis(ForecastBasis.DesignLevel, fit.Fleet, 0, null, null,
                    twin.EndOfLifeReached ? "end of life already reached" : $"the fleet of {fit.ReferenceIds.Count} reference cells gave no finite end of life for this cell ({fleet.Basis}); the design prior answers"),
            };
        var p50 = fleet.EolP50;
        double lo = Math.Min(fleet.EolLo90, p50), hi = Math.Max(fleet.EolHi90, p50);
        var intervals = twin.EolIntervals.Select(i =>
        {
            var scale = Z(i.Level) / Z(0.90);
            return new LifeInterval(i.Level, Math.Max(twin.LastCycle, p50 * Math.Pow(lo / p50, scale)), p50 * Math.Pow(hi / p50, scale));
        }).ToArray();
        return twin with
        {
            EolP50 = p50,
            EolIntervals = intervals,
            Basis = new ForecastBasis(ForecastBasis.FleetLevel, fit.Fleet, fit.ReferenceIds.Count, fleet.Resemblance, fit.Version, fleet.Basis),
        };
    }

    /// <summary>The standard normal's two-sided quantile at the levels Twin reports.</summary>
    static double Z(double level) => level switch
    {
        0.80 => 1.2816,
        0.90 => 1.6449,
        0.95 => 1.9600,
        0.99 => 2.5758,
        _ => 1.6449,
    };
}
