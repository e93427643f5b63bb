using Twin.Core.Designs;

namespace Twin.Storage.Internal;

/// <summary>One instance per distinct design in a bulk read (a million cells share a few dozen designs; the records compare by value).</summary>
internal sealed class DesignInterning
{
    readonly Dictionary<CellDesign, CellDesign> _seen = [];

    public CellDesign Intern(CellDesign design)
    {
        if (_seen.TryGetValue(design, out var shared)) return shared;
        _seen[design] = design;
        return design;
    }
}
