using Twin.Ml.Onnx;
using Twin.Ml.Trees;

namespace Twin.Ml.Tests.Onnx;

internal static class OnnxTreeModels
{
    public static byte[] Write(TreeEnsemble ensemble, string output = "margin") =>
        OnnxTreeModelWriter.Write(ensemble.FeatureCount, [(output, ensemble)], new Dictionary<string, string>());
}
