namespace Twin.Ml.Interop.XGBoost;

/// <summary>
/// An XGBoost C API call returned -1. <see cref="Exception.Message"/> names the function and carries
/// XGBoost's own message (from <c>XGBGetLastError</c>), without its native stack trace.
/// </summary>
public sealed class XGBoostException : Exception
{
    public XGBoostException(string function, string nativeMessage)
        : base($"{function} failed: {nativeMessage}")
    {
        Function = function;
        NativeMessage = nativeMessage;
    }

    /// <summary>The C function that failed, e.g. <c>XGBoosterSetParam</c>.</summary>
    public string Function { get; }

    /// <summary>XGBoost's message as returned by <c>XGBGetLastError</c>, stack trace removed.</summary>
    public string NativeMessage { get; }
}
