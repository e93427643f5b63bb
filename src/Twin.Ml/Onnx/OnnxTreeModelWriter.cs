using Google.Protobuf;
using Twin.Ml.Trees;

namespace Twin.Ml.Onnx;

/// <summary>
/// Writes tree ensembles as an ONNX model: one float input [N, featureCount] and, per output,
/// one <c>ai.onnx.ml</c> <c>TreeEnsembleRegressor</c> (ml opset 3) producing a float [N, 1].
/// The mapping from <see cref="TreeNode"/> is exact up to float32 rounding of the sum:
/// <c>x &lt; threshold</c> is BRANCH_LT with the left child as the true branch; DefaultLeft is
/// missing-value tracking (NaN takes the true branch); leaves carry their value as a target
/// weight; the base score is the base value. Only the float attributes are written: ORT 1.30
/// rejects the double <c>*_as_tensor</c> ones for float input.
/// </summary>
public static class OnnxTreeModelWriter
{
    public const long IrVersion = 8;
    public const long DefaultOpset = 17;
    public const long MlOpset = 3;
    public const string MlDomain = "ai.onnx.ml";
    public const string ProducerName = "Twin";
    public const string BatchDimension = "N";

    public static byte[] Write(
        int featureCount,
        IReadOnlyList<(string OutputName, TreeEnsemble Ensemble)> outputs,
        IReadOnlyDictionary<string, string> metadata,
        string inputName = "features")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        if (outputs.Count == 0)
        {
            throw new ArgumentException("A model needs at least one output.", nameof(outputs));
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { inputName };
        foreach (var (name, ensemble) in outputs)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(outputs));
            if (!names.Add(name))
            {
                throw new ArgumentException($"The name '{name}' is used twice; input and output names must be distinct.", nameof(outputs));
            }

            Validate(name, ensemble, featureCount);
        }

        var graph = OnnxProto.Message(g =>
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                g.WriteMessage(OnnxProto.GraphNode, TreeEnsembleNode(inputName, outputs[i].OutputName, outputs[i].Ensemble));
            }

            g.WriteString(OnnxProto.GraphName, "twin_tree_ensembles");
            g.WriteMessage(OnnxProto.GraphInput, FloatMatrixValueInfo(inputName, featureCount));
            foreach (var (name, _) in outputs)
            {
                g.WriteMessage(OnnxProto.GraphOutput, FloatMatrixValueInfo(name, 1));
            }
        });

        return OnnxProto.Message(m =>
        {
            m.WriteInt64(OnnxProto.ModelIrVersion, IrVersion);
            m.WriteString(OnnxProto.ModelProducerName, ProducerName);
            m.WriteMessage(OnnxProto.ModelGraph, graph);
            m.WriteMessage(OnnxProto.ModelOpsetImport, OpsetImport("", DefaultOpset));
            m.WriteMessage(OnnxProto.ModelOpsetImport, OpsetImport(MlDomain, MlOpset));
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                m.WriteMessage(OnnxProto.ModelMetadataProps, OnnxProto.Message(e =>
                {
                    e.WriteString(OnnxProto.EntryKey, key);
                    e.WriteString(OnnxProto.EntryValue, value);
                }));
            }
        });
    }

    private static void Validate(string output, TreeEnsemble ensemble, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var nodes = ensemble.Trees[t].Nodes;
            if (nodes.Count == 0)
            {
                throw new ArgumentException($"Output '{output}', tree {t}: a tree needs at least one node.");
            }

            for (var n = 0; n < nodes.Count; n++)
            {
                var node = nodes[n];
                if (node.Id != n)
                {
                    throw new ArgumentException($"Output '{output}', tree {t}: node at position {n} has id {node.Id}; ids must be 0..n-1 in order.");
                }

                if (!node.IsLeaf && (node.Feature < 0 || node.Feature >= featureCount
                    || node.Left >= nodes.Count || node.Right < 0 || node.Right >= nodes.Count))
                {
                    throw new ArgumentException(
                        $"Output '{output}', tree {t}, node {n}: feature {node.Feature} must be below {featureCount} and children {node.Left}/{node.Right} must be nodes of the tree.");
                }
            }
        }
    }

    private static byte[] TreeEnsembleNode(string input, string output, TreeEnsemble ensemble)
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var values = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var missingTracksTrue = new List<long>();
        var targetTreeIds = new List<long>();
        var targetNodeIds = new List<long>();
        var targetIds = new List<long>();
        var targetWeights = new List<float>();

        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            foreach (var node in ensemble.Trees[t].Nodes)
            {
                treeIds.Add(t);
                nodeIds.Add(node.Id);
                if (node.IsLeaf)
                {
                    featureIds.Add(0);
                    values.Add(0f);
                    modes.Add("LEAF");
                    trueIds.Add(0);
                    falseIds.Add(0);
                    missingTracksTrue.Add(0);
                    targetTreeIds.Add(t);
                    targetNodeIds.Add(node.Id);
                    targetIds.Add(0);
                    targetWeights.Add(node.LeafValue);
                }
                else
                {
                    featureIds.Add(node.Feature);
                    values.Add(node.Threshold);
                    modes.Add("BRANCH_LT");
                    trueIds.Add(node.Left);
                    falseIds.Add(node.Right);
                    missingTracksTrue.Add(node.DefaultLeft ? 1 : 0);
                }
            }
        }

        return OnnxProto.Message(n =>
        {
            n.WriteString(OnnxProto.NodeInput, input);
            n.WriteString(OnnxProto.NodeOutput, output);
            n.WriteString(OnnxProto.NodeName, $"{output}_trees");
            n.WriteString(OnnxProto.NodeOpType, "TreeEnsembleRegressor");
            n.WriteMessage(OnnxProto.NodeAttribute, StringAttribute("aggregate_function", "SUM"));
            n.WriteMessage(OnnxProto.NodeAttribute, FloatsAttribute("base_values", [ensemble.BaseScore]));
            n.WriteMessage(OnnxProto.NodeAttribute, IntAttribute("n_targets", 1));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_falsenodeids", falseIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_featureids", featureIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_missing_value_tracks_true", missingTracksTrue));
            n.WriteMessage(OnnxProto.NodeAttribute, StringsAttribute("nodes_modes", modes));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_nodeids", nodeIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_treeids", treeIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("nodes_truenodeids", trueIds));
            n.WriteMessage(OnnxProto.NodeAttribute, FloatsAttribute("nodes_values", values));
            n.WriteMessage(OnnxProto.NodeAttribute, StringAttribute("post_transform", "NONE"));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("target_ids", targetIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("target_nodeids", targetNodeIds));
            n.WriteMessage(OnnxProto.NodeAttribute, IntsAttribute("target_treeids", targetTreeIds));
            n.WriteMessage(OnnxProto.NodeAttribute, FloatsAttribute("target_weights", targetWeights));
            n.WriteString(OnnxProto.NodeDomain, MlDomain);
        });
    }

    private static byte[] OpsetImport(string domain, long version) => OnnxProto.Message(o =>
    {
        o.WriteString(OnnxProto.OpsetDomain, domain);
        o.WriteInt64(OnnxProto.OpsetVersion, version);
    });

    /// <summary>A float tensor [N, columns] with a symbolic batch dimension.</summary>
    private static byte[] FloatMatrixValueInfo(string name, int columns)
    {
        var shape = OnnxProto.Message(s =>
        {
            s.WriteMessage(OnnxProto.ShapeDim, OnnxProto.Message(d => d.WriteString(OnnxProto.DimParam, BatchDimension)));
            s.WriteMessage(OnnxProto.ShapeDim, OnnxProto.Message(d => d.WriteInt64(OnnxProto.DimValue, columns)));
        });
        var tensor = OnnxProto.Message(t =>
        {
            t.WriteInt32(OnnxProto.TensorElemType, OnnxProto.DataTypeFloat);
            t.WriteMessage(OnnxProto.TensorShape, shape);
        });
        var type = OnnxProto.Message(t => t.WriteMessage(OnnxProto.TypeTensorType, tensor));
        return OnnxProto.Message(v =>
        {
            v.WriteString(OnnxProto.ValueInfoName, name);
            v.WriteMessage(OnnxProto.ValueInfoType, type);
        });
    }

    private static byte[] IntAttribute(string name, long value) => OnnxProto.Message(a =>
    {
        a.WriteString(OnnxProto.AttributeName, name);
        a.WriteInt64(OnnxProto.AttributeI, value);
        a.WriteInt32(OnnxProto.AttributeType, OnnxProto.AttributeTypeInt);
    });

    private static byte[] StringAttribute(string name, string value) => OnnxProto.Message(a =>
    {
        a.WriteString(OnnxProto.AttributeName, name);
        a.WriteString(OnnxProto.AttributeS, value);
        a.WriteInt32(OnnxProto.AttributeType, OnnxProto.AttributeTypeString);
    });

    private static byte[] FloatsAttribute(string name, IReadOnlyList<float> values) => OnnxProto.Message(a =>
    {
        a.WriteString(OnnxProto.AttributeName, name);
        a.WritePackedFloats(OnnxProto.AttributeFloats, values);
        a.WriteInt32(OnnxProto.AttributeType, OnnxProto.AttributeTypeFloats);
    });

    private static byte[] IntsAttribute(string name, IReadOnlyList<long> values) => OnnxProto.Message(a =>
    {
        a.WriteString(OnnxProto.AttributeName, name);
        a.WritePackedInt64s(OnnxProto.AttributeInts, values);
        a.WriteInt32(OnnxProto.AttributeType, OnnxProto.AttributeTypeInts);
    });

    private static byte[] StringsAttribute(string name, IReadOnlyList<string> values) => OnnxProto.Message(a =>
    {
        a.WriteString(OnnxProto.AttributeName, name);
        foreach (var value in values)
        {
            a.WriteString(OnnxProto.AttributeStrings, value);
        }

        a.WriteInt32(OnnxProto.AttributeType, OnnxProto.AttributeTypeStrings);
    });
}
