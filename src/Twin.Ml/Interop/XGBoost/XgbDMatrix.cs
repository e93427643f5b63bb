using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.XGBoost;

/// <summary>
/// An XGBoost DMatrix: a dense row-major float matrix copied into XGBoost's own storage, plus per-row
/// float fields (labels, weights, AFT bounds). Dispose to free it; a booster created with it as cache
/// keeps its own reference, so disposing the matrix first is safe.
/// </summary>
internal sealed class XgbDMatrix : IDisposable
{
    private readonly XgbDMatrixHandle _handle;

    private XgbDMatrix(XgbDMatrixHandle handle, int rows, int columns)
    {
        _handle = handle;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    internal XgbDMatrixHandle Handle => _handle;

    /// <summary>
    /// Copies <paramref name="data"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>).
    /// Cells equal to <paramref name="missing"/> (NaN by default: NaN cells) are missing values. XGBoost
    /// rejects ±∞ in features.
    /// </summary>
    public static unsafe XgbDMatrix FromDense(ReadOnlySpan<float> data, int rows, int columns, float missing = float.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != data.Length)
        {
            throw new ArgumentException(
                $"The data has {data.Length} values but {rows} rows × {columns} columns need {(long)rows * columns}.",
                nameof(data));
        }

        var api = XGBoostLibrary.Api;
        var handle = new XgbDMatrixHandle();
        nint native = 0;
        fixed (float* p = data)
        {
            api.Check(api.XGDMatrixCreateFromMat(p, (ulong)rows, (ulong)columns, missing, &native), "XGDMatrixCreateFromMat");
        }

        Marshal.InitHandle(handle, native);
        try
        {
            // A cheap guard against a mismatched ABI (bst_ulong is 64-bit): XGBoost must see the shape we gave.
            ulong nativeRows, nativeColumns;
            api.Check(api.XGDMatrixNumRow(native, &nativeRows), "XGDMatrixNumRow");
            api.Check(api.XGDMatrixNumCol(native, &nativeColumns), "XGDMatrixNumCol");
            if (nativeRows != (ulong)rows || nativeColumns != (ulong)columns)
            {
                throw new InvalidOperationException(
                    $"XGBoost built a {nativeRows} × {nativeColumns} DMatrix from {rows} × {columns} values.");
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return new XgbDMatrix(handle, rows, columns);
    }

    /// <summary>
    /// Sets a per-row float field (see <see cref="XgbFloatField"/>); <paramref name="values"/> must hold one
    /// value per row. XGBoost copies the values.
    /// </summary>
    public unsafe void SetFloatInfo(string field, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!XgbFloatField.IsKnown(field))
        {
            throw new ArgumentException(
                $"Unknown float field '{field}'; expected one of label, weight, base_margin, label_lower_bound, label_upper_bound.",
                nameof(field));
        }

        if (values.Length != Rows)
        {
            throw new ArgumentException(
                $"The field '{field}' needs one value per row: {Rows} values, got {values.Length}.", nameof(values));
        }

        var api = XGBoostLibrary.Api;
        var name = Utf8Z.From(field);
        using var lease = new HandleLease(_handle);
        fixed (byte* f = name)
        fixed (float* v = values)
        {
            api.Check(api.XGDMatrixSetFloatInfo(lease.Pointer, f, v, (ulong)values.Length), "XGDMatrixSetFloatInfo");
        }
    }

    public void Dispose() => _handle.Dispose();
}
