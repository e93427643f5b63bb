using Twin.Ml.Trees;

namespace Twin.Ml.Tests.XGBoost;

/// <summary>The reader on hand-written XGBoost 1.7 JSON: layout, renumbering, bare NaN, refusals.</summary>
public sealed class XgbJsonTreeReaderFormatTests
{
    /// <summary>
    /// One tree. Node 0: x0 &lt; 0.5 (missing → left) to 1 | 3. Node 1: leaf 1.5. Node 2: deleted (unreachable,
    /// its arrays hold NaN). Node 3: x1 &lt; 2 (missing → right) to 4 | 5. Node 4: leaf −0.25. Node 5: leaf 4.
    /// </summary>
    private static string Model(
        string objective = "reg:squarederror",
        string booster = "gbtree",
        string splitType = "[0,0,0,0,0,0]",
        string baseScore = "5E-1",
        string numFeature = "2") => $$$$"""
        {"learner":{"attributes":{},"feature_names":[],"feature_types":[],
          "gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"1","size_leaf_vector":"0"},
            "tree_info":[0],
            "trees":[{"base_weights":[0,1.5,NaN,0,-0.25,4],"categories":[],"categories_nodes":[],"categories_segments":[],
              "categories_sizes":[],"default_left":[1,0,0,0,0,0],"id":0,"left_children":[1,-1,-1,4,-1,-1],
              "loss_changes":[3.5,0,NaN,Infinity,0,-Infinity],"parents":[2147483647,0,0,0,3,3],"right_children":[3,-1,-1,5,-1,-1],
              "split_conditions":[5E-1,1.5E0,NaN,2E0,-2.5E-1,4E0],"split_indices":[0,0,0,1,0,0],"split_type":{{{{splitType}}}},
              "sum_hessian":[6,2,0,4,1,3],
              "tree_param":{"num_deleted":"1","num_feature":"2","num_nodes":"6","size_leaf_vector":"0"}}]},
            "name":"{{{{booster}}}}"},
          "learner_model_param":{"base_score":"{{{{baseScore}}}}","boost_from_average":"1","num_class":"0","num_feature":"{{{{numFeature}}}}","num_target":"1"},
          "objective":{"name":"{{{{objective}}}}","reg_loss_param":{"scale_pos_weight":"1"}}},
         "version":[1,7,4]}
        """;

    [Fact]
    public void ATreeIsRenumberedBreadthFirstWithoutItsDeletedNode()
    {
        var ensemble = XgbJsonTreeReader.Read(Model(), featureCount: 2);

        Assert.Equal(2, ensemble.FeatureCount);
        Assert.Equal(0.5f, ensemble.BaseScore);
        var tree = Assert.Single(ensemble.Trees);
        Assert.Equal(
            [
                new TreeNode(0, 0, 0.5f, 1, 2, true, 0f),
                new TreeNode(1, 0, 0f, -1, -1, false, 1.5f),
                new TreeNode(2, 1, 2f, 3, 4, false, 0f),
                new TreeNode(3, 0, 0f, -1, -1, false, -0.25f),
                new TreeNode(4, 0, 0f, -1, -1, false, 4f),
            ],
            tree.Nodes);
    }

    [Theory]
    [InlineData(0.4f, 100f, 2.0f)]            // x0 < 0.5 → leaf 1.5
    [InlineData(0.5f, 1.9f, 0.25f)]           // x0 = 0.5 is not < 0.5 → right; x1 < 2 → −0.25
    [InlineData(0.6f, 2f, 4.5f)]              // x1 = 2 is not < 2 → 4
    [InlineData(float.NaN, 100f, 2.0f)]       // missing x0 goes left by default
    [InlineData(1f, float.NaN, 4.5f)]         // missing x1 goes right by default
    public void TheEvaluatorSendsEqualValuesRightAndMissingValuesTheDefaultWay(float x0, float x1, float margin)
    {
        var ensemble = XgbJsonTreeReader.Read(Model(), featureCount: 2);

        Assert.Equal(margin, TreeEnsembleEvaluator.PredictMargin(ensemble, [x0, x1]));
    }

    [Fact]
    public void BareNonFiniteLiteralsAreQuotedOnlyOutsideStrings()
    {
        var quoted = XgbJsonTreeReader.QuoteNonFiniteLiterals("""{"NaN":[NaN,-Infinity,Infinity,1E0],"s":"Infinity \"NaN\""}""");

        Assert.Equal("""{"NaN":["NaN","-Infinity","Infinity",1E0],"s":"Infinity \"NaN\""}""", quoted);
    }

    [Fact]
    public void AnAftModelStartsFromTheLogOfItsBaseScore()
    {
        var ensemble = XgbJsonTreeReader.Read(Model(objective: "survival:aft", baseScore: "2E1"), featureCount: 2);

        Assert.Equal(MathF.Log(20f), ensemble.BaseScore);
    }

    [Fact]
    public void AnUnverifiedObjectiveIsRefused()
    {
        var e = Assert.Throws<NotSupportedException>(() => XgbJsonTreeReader.Read(Model(objective: "rank:pairwise"), 2));

        Assert.Equal("The objective 'rank:pairwise' is not supported: how its base_score maps to the margin has not been verified.", e.Message);
    }

    [Fact]
    public void ADartModelIsRefused()
    {
        var e = Assert.Throws<NotSupportedException>(() => XgbJsonTreeReader.Read(Model(booster: "dart"), 2));

        Assert.Equal("The model's booster is 'dart'; only 'gbtree' models are read.", e.Message);
    }

    [Fact]
    public void ACategoricalSplitIsRefused()
    {
        var e = Assert.Throws<NotSupportedException>(() => XgbJsonTreeReader.Read(Model(splitType: "[1,0,0,0,0,0]"), 2));

        Assert.Equal("trees[0] has categorical splits; only numerical splits are read.", e.Message);
    }

    [Fact]
    public void AFeatureCountMismatchIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => XgbJsonTreeReader.Read(Model(numFeature: "3"), 2));

        Assert.Equal("The model was trained on 3 features but 2 were expected.", e.Message);
    }

    [Fact]
    public void MalformedJsonIsReportedAsInvalidData()
    {
        var e = Assert.Throws<InvalidDataException>(() => XgbJsonTreeReader.Read("{\"learner\":", 2));

        Assert.StartsWith("The model is not valid JSON: ", e.Message);
    }
}
