using Twin.Core.Csv;
using Twin.Core.Designs;
using Twin.Core.Features;

namespace Twin.Core.Tests;

public sealed class DesignTests
{
    static CellDesign Si(string coating = "Al2O3", double? thickness = 2, string? coatingClass = null) =>
        new("Si nanoparticles", coating, coatingClass, thickness, "ALD", "1 M LiPF6 in EC/DEC", null, 200, null, 25);

    [Fact]
    public void AValidDesignHasNoErrors() => Assert.Empty(DesignValidation.Validate(Si()));

    [Theory]
    [InlineData(-1.0, "coating_thickness_nm")]
    [InlineData(5000.0, "coating_thickness_nm")]
    [InlineData(double.NaN, "coating_thickness_nm")]
    public void AbsurdThicknessIsRejectedByName(double thickness, string field)
    {
        var errors = DesignValidation.Validate(Si(thickness: thickness));
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void AThicknessWithoutACoatingIsRejected()
    {
        var errors = DesignValidation.Validate(Si(coating: "none", thickness: 3));
        Assert.Equal("coating_thickness_nm", Assert.Single(errors).Field);
    }

    [Fact]
    public void AnUnknownClassNameIsRejectedButAnUnknownCoatingNameIsNot()
    {
        Assert.Empty(DesignValidation.Validate(Si(coating: "Zr-MOF glaze", coatingClass: "hybrid_mld")));
        Assert.Equal("coating_class", Assert.Single(DesignValidation.Validate(Si(coatingClass: "magic"))).Field);
    }

    [Fact]
    public void ACoatingIsDescribedByItsPropertiesAndAnUnclassifiedOneOnlyByBeingThere()
    {
        var names = DesignFeatures.Names.ToList();
        var alucone = DesignFeatures.Encode(Si("alucone"));
        Assert.Equal(1f, alucone[names.IndexOf("coating_flexible")]);
        Assert.Equal(0f, alucone[names.IndexOf("coating_rigid_oxide")]);
        Assert.Equal(2f, alucone[names.IndexOf("coating_thickness_nm")]);

        var unknown = DesignFeatures.Encode(Si("Zr-MOF glaze"));
        Assert.Equal(1f, unknown[names.IndexOf("coated")]);
        Assert.True(float.IsNaN(unknown[names.IndexOf("coating_flexible")]));

        var bare = DesignFeatures.Encode(Si("none", thickness: null));
        Assert.Equal(0f, bare[names.IndexOf("coated")]);
        Assert.Equal(0f, bare[names.IndexOf("coating_thickness_nm")]);
        Assert.Equal(1f, bare[names.IndexOf("electrode_silicon")]);
        Assert.Equal(1f, bare[names.IndexOf("electrolyte_liquid")]);
    }

    [Theory]
    [InlineData("", "sulfide", "sulfide")]
    [InlineData("", "carbonate", "liquid_carbonate")]
    [InlineData("sulfide", null, "sulfide")]
    [InlineData("carbonate", null, "liquid_carbonate")]
    [InlineData("not reported", null, "unknown")]
    [InlineData("", null, "unknown")]
    [InlineData("", "unknown", "unknown")]
    public void AnElectrolyteMayBeGivenByClassAloneOrBeUnknown(string electrolyte, string? electrolyteClass, string expected)
    {
        var design = Si() with { Electrolyte = electrolyte, ElectrolyteClass = electrolyteClass };
        Assert.Empty(DesignValidation.Validate(design));
        Assert.Equal(expected, DesignCatalog.ElectrolyteClassOf(design));
    }

    [Fact]
    public void AnUnknownElectrolyteIsMissingInTheFeaturesNotLiquidAndNotSolid()
    {
        var names = DesignFeatures.Names.ToList();
        var x = DesignFeatures.Encode(Si() with { Electrolyte = "not reported" });
        foreach (var column in new[] { "electrolyte_liquid", "electrolyte_sulfide", "electrolyte_oxide", "electrolyte_polymer", "electrolyte_other_solid" })
            Assert.True(float.IsNaN(x[names.IndexOf(column)]), column);
        var sulfide = DesignFeatures.Encode(Si() with { Electrolyte = "", ElectrolyteClass = "sulfide" });
        Assert.Equal(1f, sulfide[names.IndexOf("electrolyte_sulfide")]);
        Assert.Equal(0f, sulfide[names.IndexOf("electrolyte_liquid")]);
    }

    [Fact]
    public void ADesignRowWithoutAnElectrolyteColumnReadsAsNotReported()
    {
        var row = CsvReader.Read(new StringReader("electrode,coating,electrolyte_class\nSi,none,sulfide\n")).Single();
        var design = DesignCsv.Read(row);
        Assert.Equal(DesignCsv.NotReported, design.Electrolyte);
        Assert.Equal("sulfide", DesignCatalog.ElectrolyteClassOf(design));
    }

    [Fact]
    public void AnElectrolyteClassOutsideTheVocabularyIsStillRejectedByName()
    {
        var error = Assert.Single(DesignValidation.Validate(Si() with { ElectrolyteClass = "plasma" }));
        Assert.Equal("electrolyte_class", error.Field);
        Assert.Contains("'plasma' is not one of", error.Message);
    }

    [Fact]
    public void ADesignRowWithABadValueNamesItsLineAndField()
    {
        var row = CsvReader.Read(new StringReader("electrode,coating,electrolyte,temperature_C\nSi,none,LiPF6,25\nSi,none,LiPF6,900\n")).ToList()[1];
        var e = Assert.Throws<CsvFormatException>(() => DesignCsv.Read(row));
        Assert.Equal(3, e.Line);
        Assert.Equal("temperature_C", e.Column);
    }
}
