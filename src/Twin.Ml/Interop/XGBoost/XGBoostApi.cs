using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.XGBoost;

/// <summary>
/// The subset of XGBoost 1.7's C API (include/xgboost/c_api.h) that Twin uses, resolved once from the
/// loaded library. <c>bst_ulong</c> is <c>uint64_t</c>; handles are <c>void*</c>; every function except
/// <c>XGBGetLastError</c> and <c>XGBoostVersion</c> returns 0 on success and -1 on failure.
/// </summary>
internal sealed unsafe class XGBoostApi
{
    // const char* XGBGetLastError(void)
    public readonly delegate* unmanaged[Cdecl]<byte*> XGBGetLastError;
    // void XGBoostVersion(int* major, int* minor, int* patch)
    public readonly delegate* unmanaged[Cdecl]<int*, int*, int*, void> XGBoostVersion;

    // int XGDMatrixCreateFromMat(const float* data, bst_ulong nrow, bst_ulong ncol, float missing, DMatrixHandle* out)
    public readonly delegate* unmanaged[Cdecl]<float*, ulong, ulong, float, nint*, int> XGDMatrixCreateFromMat;
    // int XGDMatrixSetFloatInfo(DMatrixHandle handle, const char* field, const float* array, bst_ulong len)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, float*, ulong, int> XGDMatrixSetFloatInfo;
    // int XGDMatrixNumRow(DMatrixHandle handle, bst_ulong* out)
    public readonly delegate* unmanaged[Cdecl]<nint, ulong*, int> XGDMatrixNumRow;
    // int XGDMatrixNumCol(DMatrixHandle handle, bst_ulong* out)
    public readonly delegate* unmanaged[Cdecl]<nint, ulong*, int> XGDMatrixNumCol;
    // int XGDMatrixFree(DMatrixHandle handle)
    public readonly delegate* unmanaged[Cdecl]<nint, int> XGDMatrixFree;

    // int XGBoosterCreate(const DMatrixHandle dmats[], bst_ulong len, BoosterHandle* out)
    public readonly delegate* unmanaged[Cdecl]<nint*, ulong, nint*, int> XGBoosterCreate;
    // int XGBoosterFree(BoosterHandle handle)
    public readonly delegate* unmanaged[Cdecl]<nint, int> XGBoosterFree;
    // int XGBoosterSetParam(BoosterHandle handle, const char* name, const char* value)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, int> XGBoosterSetParam;
    // int XGBoosterUpdateOneIter(BoosterHandle handle, int iter, DMatrixHandle dtrain)
    public readonly delegate* unmanaged[Cdecl]<nint, int, nint, int> XGBoosterUpdateOneIter;
    // int XGBoosterBoostedRounds(BoosterHandle handle, int* out)
    public readonly delegate* unmanaged[Cdecl]<nint, int*, int> XGBoosterBoostedRounds;
    // int XGBoosterGetNumFeature(BoosterHandle handle, bst_ulong* out)
    public readonly delegate* unmanaged[Cdecl]<nint, ulong*, int> XGBoosterGetNumFeature;
    // int XGBoosterPredictFromDMatrix(BoosterHandle handle, DMatrixHandle dmat, const char* c_json_config,
    //                                 const bst_ulong** out_shape, bst_ulong* out_dim, const float** out_result)
    public readonly delegate* unmanaged[Cdecl]<nint, nint, byte*, ulong**, ulong*, float**, int> XGBoosterPredictFromDMatrix;
    // int XGBoosterSaveModelToBuffer(BoosterHandle handle, const char* config, bst_ulong* out_len, const char** out_dptr)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, ulong*, byte**, int> XGBoosterSaveModelToBuffer;
    // int XGBoosterLoadModelFromBuffer(BoosterHandle handle, const void* buf, bst_ulong len)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, ulong, int> XGBoosterLoadModelFromBuffer;
    // int XGBoosterSetAttr(BoosterHandle handle, const char* key, const char* value)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, int> XGBoosterSetAttr;
    // int XGBoosterGetAttr(BoosterHandle handle, const char* key, const char** out, int* success)
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, byte**, int*, int> XGBoosterGetAttr;

    /// <summary>Resolves every entry; throws <see cref="EntryPointNotFoundException"/> naming the first missing one.</summary>
    public XGBoostApi(nint library)
    {
        XGBGetLastError = (delegate* unmanaged[Cdecl]<byte*>)Export(library, nameof(XGBGetLastError));
        XGBoostVersion = (delegate* unmanaged[Cdecl]<int*, int*, int*, void>)Export(library, nameof(XGBoostVersion));
        XGDMatrixCreateFromMat = (delegate* unmanaged[Cdecl]<float*, ulong, ulong, float, nint*, int>)Export(library, nameof(XGDMatrixCreateFromMat));
        XGDMatrixSetFloatInfo = (delegate* unmanaged[Cdecl]<nint, byte*, float*, ulong, int>)Export(library, nameof(XGDMatrixSetFloatInfo));
        XGDMatrixNumRow = (delegate* unmanaged[Cdecl]<nint, ulong*, int>)Export(library, nameof(XGDMatrixNumRow));
        XGDMatrixNumCol = (delegate* unmanaged[Cdecl]<nint, ulong*, int>)Export(library, nameof(XGDMatrixNumCol));
        XGDMatrixFree = (delegate* unmanaged[Cdecl]<nint, int>)Export(library, nameof(XGDMatrixFree));
        XGBoosterCreate = (delegate* unmanaged[Cdecl]<nint*, ulong, nint*, int>)Export(library, nameof(XGBoosterCreate));
        XGBoosterFree = (delegate* unmanaged[Cdecl]<nint, int>)Export(library, nameof(XGBoosterFree));
        XGBoosterSetParam = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, int>)Export(library, nameof(XGBoosterSetParam));
        XGBoosterUpdateOneIter = (delegate* unmanaged[Cdecl]<nint, int, nint, int>)Export(library, nameof(XGBoosterUpdateOneIter));
        XGBoosterBoostedRounds = (delegate* unmanaged[Cdecl]<nint, int*, int>)Export(library, nameof(XGBoosterBoostedRounds));
        XGBoosterGetNumFeature = (delegate* unmanaged[Cdecl]<nint, ulong*, int>)Export(library, nameof(XGBoosterGetNumFeature));
        XGBoosterPredictFromDMatrix = (delegate* unmanaged[Cdecl]<nint, nint, byte*, ulong**, ulong*, float**, int>)Export(library, nameof(XGBoosterPredictFromDMatrix));
        XGBoosterSaveModelToBuffer = (delegate* unmanaged[Cdecl]<nint, byte*, ulong*, byte**, int>)Export(library, nameof(XGBoosterSaveModelToBuffer));
        XGBoosterLoadModelFromBuffer = (delegate* unmanaged[Cdecl]<nint, byte*, ulong, int>)Export(library, nameof(XGBoosterLoadModelFromBuffer));
        XGBoosterSetAttr = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, int>)Export(library, nameof(XGBoosterSetAttr));
        XGBoosterGetAttr = (delegate* unmanaged[Cdecl]<nint, byte*, byte**, int*, int>)Export(library, nameof(XGBoosterGetAttr));
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"The XGBoost library has no export '{name}'.");

    /// <summary>
    /// Throws <see cref="XGBoostException"/> with <c>XGBGetLastError</c>'s message when <paramref name="status"/>
    /// is not 0. Must run on the thread that made the call: XGBoost keeps the message thread-local.
    /// </summary>
    public void Check(int status, string function)
    {
        if (status != 0)
        {
            ThrowLastError(function);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowLastError(string function)
    {
        var message = Marshal.PtrToStringUTF8((nint)XGBGetLastError()) ?? "(no message)";
        throw new XGBoostException(function, StripStackTrace(message));
    }

    /// <summary>XGBoost appends "Stack trace:" and native frames to some messages; the frames help no user.</summary>
    internal static string StripStackTrace(string message)
    {
        var at = message.IndexOf("Stack trace:", StringComparison.Ordinal);
        return (at >= 0 ? message[..at] : message).Trim();
    }
}
