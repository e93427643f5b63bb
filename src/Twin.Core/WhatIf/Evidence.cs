using Twin.Core.Csv;
using Twin.Core.Designs;

namespace Twin.Core.WhatIf;

/// <summary>How much data stands behind a design: literature studies and rows with its coating class on its electrode class, and the lab's own cells.</summary>
public sealed record DesignEvidence(
    string CoatingClass, string ElectrodeClass, int LiteratureStudies, int LiteratureRows, int LabCells,
    bool UnseenCoating, bool ThicknessOutsideSeen, double? SeenThicknessMin, double? SeenThicknessMax)
{
    public bool Extrapolated => UnseenCoating || ThicknessOutsideSeen;
}

/// <summary>
/// The literature table (training-data/literature/coatings.csv, copied beside the server) as
/// evidence counts: which coating classes were studied on which electrode classes, in how many
/// studies, and the range of thicknesses each coating was made in.
/// </summary>
public sealed class EvidenceIndex
{
    readonly Dictionary<(string Coating, string Electrode), (HashSet<string> Studies, int Rows)> _byClass = [];
    readonly Dictionary<string, (double Min, double Max)> _thickness = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> _coatings;

    public EvidenceIndex(IEnumerable<(CellDesign Design, string Study)> rows, IEnumerable<string> modelCoatings)
    {
        _coatings = new HashSet<string>(modelCoatings.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        foreach (var (design, study) in rows)
        {
            var key = (DesignCatalog.CoatingClassOf(design), DesignCatalog.ElectrodeClassOf(design));
            if (!_byClass.TryGetValue(key, out var entry)) _byClass[key] = entry = ([], 0);
            entry.Studies.Add(study);
            _byClass[key] = (entry.Studies, entry.Rows + 1);
            var coating = design.Coating.Trim();
            _coatings.Add(coating);
            if (design.CoatingThicknessNm is { } t)
                _thickness[coating] = _thickness.TryGetValue(coating, out var r) ? (Math.Min(r.Min, t), Math.Max(r.Max, t)) : (t, t);
        }
    }

    public static EvidenceIndex Empty { get; } = new([], []);

    /// <summary>Reads the literature table (the `group` column's study id, the design columns).</summary>
    public static EvidenceIndex Load(string coatingsCsv, IEnumerable<string> modelCoatings)
    {
        using var reader = new StreamReader(coatingsCsv);
        var rows = CsvReader.Read(reader, ["group"]).Select(row => (DesignCsv.Read(row), row.Required("group").Split(':')[0])).ToList();
        return new EvidenceIndex(rows, modelCoatings);
    }

    public DesignEvidence For(CellDesign design, int labCells)
    {
        var (coatingClass, electrodeClass) = (DesignCatalog.CoatingClassOf(design), DesignCatalog.ElectrodeClassOf(design));
        var found = _byClass.TryGetValue((coatingClass, electrodeClass), out var e);
        var coating = design.Coating.Trim();
        var unseen = design.IsCoated && !_coatings.Contains(coating);
        double? min = null, max = null;
        var outside = false;
        if (design.IsCoated && _thickness.TryGetValue(coating, out var range))
        {
            (min, max) = (range.Min, range.Max);
            outside = design.CoatingThicknessNm is { } t && (t < range.Min || t > range.Max);
        }
        return new DesignEvidence(coatingClass, electrodeClass, found ? e.Studies.Count : 0, found ? e.Rows : 0, labCells, unseen, outside, min, max);
    }
}
