using Twin.Ml.Interop.XGBoost;

namespace Twin.Ml.Tests.XGBoost;

public sealed class XGBoostLibraryTests
{
    [Fact]
    public void TheInstalledLibraryIsXGBoost17()
    {
        Assert.True(XGBoostLibrary.IsSupported, XGBoostLibrary.NotSupportedReason);
        Assert.Null(XGBoostLibrary.NotSupportedReason);
        Assert.Equal((1, 7), (XGBoostLibrary.Version.Major, XGBoostLibrary.Version.Minor));
    }

    [Fact]
    public void AMissingLibraryIsReportedWithTheSetupCommand()
    {
        var result = XGBoostLibrary.Load("/nonexistent/libxgboost.so.0");

        Assert.Null(result.Api);
        Assert.Equal(
            "XGBoost could not be loaded: '/nonexistent/libxgboost.so.0' (from TWIN_XGBOOST_LIBRARY) was not found or is " +
            "not a loadable library. Run `bash scripts/setup.sh` (installs Debian's libxgboost0, XGBoost 1.7.4) or set " +
            "TWIN_XGBOOST_LIBRARY to the path of libxgboost.",
            result.Error);
    }

    [Fact]
    public void ALibraryWithoutXGBoostsExportsIsReportedNotCalled()
    {
        var result = XGBoostLibrary.Load("libc.so.6");

        Assert.Null(result.Api);
        Assert.Equal(
            "'libc.so.6' (from TWIN_XGBOOST_LIBRARY) is not a usable XGBoost 1.7 library: The XGBoost library has no " +
            "export 'XGBGetLastError'. Run `bash scripts/setup.sh` to install Debian's libxgboost0 (XGBoost 1.7.4).",
            result.Error);
    }

    [Fact]
    public void TheStackTraceIsCutFromNativeMessages()
    {
        var message = "[10:00:00] src/learner.cc:1: Invalid value\nStack trace:\n  [bt] (0) libxgboost.so.0(+0x1) [0x1]\n";

        Assert.Equal("[10:00:00] src/learner.cc:1: Invalid value", XGBoostApi.StripStackTrace(message));
    }
}
