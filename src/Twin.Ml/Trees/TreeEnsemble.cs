namespace Twin.Ml.Trees;

/// <summary>
/// A node of a regression tree in engine-neutral form. A split sends a row left when
/// <c>x[Feature] &lt; Threshold</c> (XGBoost's rule), and missing values (NaN) go left when
/// <see cref="DefaultLeft"/>. A leaf has <c>Left == -1</c> and carries <see cref="LeafValue"/>.
/// Node ids are 0..n-1 within their tree, the root is node 0.
/// </summary>
public sealed record TreeNode(int Id, int Feature, float Threshold, int Left, int Right, bool DefaultLeft, float LeafValue)
{
    public bool IsLeaf => Left < 0;
}

public sealed record Tree(IReadOnlyList<TreeNode> Nodes);

/// <summary>
/// A sum-of-trees regressor: margin = <see cref="BaseScore"/> + Σ leaf values. The margin is
/// what XGBoost's predictor returns with output_margin, and what the ONNX model outputs.
/// </summary>
public sealed record TreeEnsemble(int FeatureCount, float BaseScore, IReadOnlyList<Tree> Trees);
