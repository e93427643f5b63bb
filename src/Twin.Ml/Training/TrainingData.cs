using System.Globalization;
using System.Security.Cryptography;
using Twin.Core.Csv;
using Twin.Core.Designs;
using Twin.Core.Fade;

namespace Twin.Ml.Training;

/// <summary>
/// Loads the shipped training data (training-data/README.md) into <see cref="TrainingUnit"/>s and
/// hashes every file read, so a model card names exactly the data it came from.
/// </summary>
public sealed class TrainingData
{
    public const string LiteratureSource = "literature";
    public const double EolThreshold = 0.8;

    /// <summary>Fade-law exponents that bracket a literature result's implied lifetime (BRIEF.md: 0.5 SEI growth … ≥1 linear/accelerating).</summary>
    public const double MinLiteratureB = 0.5, MaxLiteratureB = 2.0;

    /// <summary>√(0.5 · 2): the exponent assumed for a literature result, whose one point cannot show the shape.</summary>
    public const double LiteratureExponent = 1.0;

    const int ObservationsPerCell = 24;

    public required IReadOnlyList<TrainingUnit> Units { get; init; }
    public required string DataHash { get; init; }
    public required IReadOnlyList<string> Files { get; init; }

    public static TrainingData Load(string root, IEnumerable<TrainingUnit>? extraUnits = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"training data folder '{root}' does not exist (expected the repo's training-data/).");
        var files = new List<string>();
        var units = new List<TrainingUnit>();
        units.AddRange(LoadLiterature(Path.Combine(root, "literature", "coatings.csv"), files));
        units.AddRange(LoadDatasets(Path.Combine(root, "datasets"), files));
        var extra = extraUnits?.ToArray() ?? [];
        units.AddRange(extra);
        return new TrainingData { Units = units, Files = files, DataHash = Hash(root, files, extra) };
    }

    static IEnumerable<TrainingUnit> LoadLiterature(string path, List<string> files)
    {
        files.Add(path);
        using var reader = new StreamReader(path);
        foreach (var row in CsvReader.Read(reader, ["row_id", "group", "cycles", "retention_pct"]).ToList())
        {
            var design = DesignCsv.Read(row);
            var cycles = row.RequiredNumber("cycles");
            var soh = row.RequiredNumber("retention_pct") / 100.0;
            var (lower, upper) = LiteratureLabel(cycles, soh);
            // One point cannot show the curve's shape: the exponent is the geometric middle of the
            // range its lifetime label assumes, so curve and label stay consistent.
            yield return new TrainingUnit(row.Required("row_id"), "lit:" + row.Required("group"), LiteratureSource, design,
                lower, upper, Exponent: LiteratureExponent, [new SohObservation((int)cycles, soh)]);
        }
    }

    /// <summary>
    /// The lifetime interval implied by "SOH after N cycles" under 1 − SOH = 0.2·(n/EOL)^b for
    /// b in [0.5, 2]; no measurable fade means only "EOL &gt; N" is known.
    /// </summary>
    public static (double Lower, double Upper) LiteratureLabel(double cycles, double soh)
    {
        if (soh >= 0.999) return (cycles, double.PositiveInfinity);
        var a = FadeLaw.Eol80From(cycles, soh, MinLiteratureB);
        var b = FadeLaw.Eol80From(cycles, soh, MaxLiteratureB);
        return (Math.Max(1, Math.Min(a, b)), Math.Max(a, b));
    }

    static IEnumerable<TrainingUnit> LoadDatasets(string folder, List<string> files)
    {
        var designsPath = Path.Combine(folder, "designs.csv");
        files.Add(designsPath);
        List<CsvRow> designRows;
        using (var reader = new StreamReader(designsPath))
            designRows = CsvReader.Read(reader, ["dataset", "cell_id", "capacity_column"]).ToList();
        foreach (var dataset in designRows.GroupBy(r => r.Required("dataset")))
        {
            var capacityPath = Path.Combine(folder, dataset.Key, "capacity.csv");
            files.Add(capacityPath);
            var column = dataset.First().Required("capacity_column");
            var series = ReadCapacities(capacityPath, column);
            foreach (var row in dataset)
            {
                var cellId = row.Required("cell_id");
                if (!series.TryGetValue(cellId, out var points)) continue;
                if (TryCellUnit(dataset.Key, cellId, DesignCsv.Read(row), points) is { } unit) yield return unit;
            }
        }
    }

    /// <summary>Turns a measured capacity history into a labelled unit; null when it is too short to say anything.</summary>
    public static TrainingUnit? TryCellUnit(string source, string cellId, CellDesign design, IEnumerable<(int Cycle, double Capacity)> capacities)
    {
        var history = CapacityHistory.FromCapacities(capacities);
        if (history.ValidCount < CapacityHistory.ReferenceCycles + 2) return null;
        double lower, upper;
        if (history.FirstCycleBelow(EolThreshold) is { } eol)
        {
            // Check-up data: the crossing lies between the previous point and this one.
            var previous = history.Points.LastOrDefault(p => !p.IsOutlier && p.Cycle < eol).Cycle;
            lower = Math.Max(1, previous + 1);
            upper = Math.Max(1, eol);
        }
        else
        {
            lower = Math.Max(1, history.LastCycle);
            upper = double.PositiveInfinity;
        }
        double? exponent = null;
        if (1 - history.CurrentSoh() >= 0.05 && history.FitPowerLaw(minFade: 0.02) is { } fit)
            exponent = Math.Clamp(fit.B, FadeLaw.MinB, FadeLaw.MaxB);
        var valid = history.Points.Where(p => !p.IsOutlier && p.Cycle >= 1).ToArray();
        var step = Math.Max(1, valid.Length / ObservationsPerCell);
        var observations = valid.Where((_, i) => i % step == 0).Select(p => new SohObservation(p.Cycle, p.Soh)).ToArray();
        return new TrainingUnit($"{source}:{cellId}", DesignGroup(source, design), source, design, lower, upper, exponent, observations, history);
    }

    /// <summary>
    /// Cells of one dataset with the same design and protocol share a group, so cross-validation
    /// always predicts a design it has not seen (never a sibling of a training cell).
    /// </summary>
    static string DesignGroup(string source, CellDesign d) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{source}:{d.Electrode}|{d.CRate:0.##}|{d.ChargeCRate:0.##}|{(d.TemperatureC is { } t ? Math.Round(t / 5) * 5 : null)}");

    static Dictionary<string, List<(int, double)>> ReadCapacities(string path, string column)
    {
        var result = new Dictionary<string, List<(int, double)>>();
        using var reader = new StreamReader(path);
        foreach (var row in CsvReader.Read(reader, ["cell_id", "cycle", column]))
        {
            var id = row.Required("cell_id");
            if (row.Number(column) is not { } capacity) continue;
            // The datasets flag single-cycle measurement spikes themselves (see their PROVENANCE.md).
            if (row.Get("suspect_outlier") == "1") continue;
            if (!result.TryGetValue(id, out var list)) result[id] = list = [];
            list.Add((row.RequiredInt("cycle"), capacity));
        }
        return result;
    }

    /// <summary>The files' paths and bytes, then the extra units (a server's store cells): their ids, designs, labels and observations.</summary>
    static string Hash(string root, List<string> files, IReadOnlyList<TrainingUnit> extra)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file).Replace('\\', '/')));
            sha.AppendData(File.ReadAllBytes(file));
        }
        foreach (var unit in extra.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            var text = new System.Text.StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{unit.Id}|{unit.Group}|{unit.Source}|{unit.Design}|{unit.EolLower:R}|{unit.EolUpper:R}|{unit.Exponent:R}");
            foreach (var o in unit.Observations) text.Append(CultureInfo.InvariantCulture, $"|{o.Cycle}:{o.Soh:R}");
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
