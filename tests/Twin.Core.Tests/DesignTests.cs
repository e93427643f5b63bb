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

    [Fact]
    public void ADesignRowWithABadValueNamesItsLineAndField()
    {
        var row = CsvReader.Read(new StringReader("electrode,coating,electrolyte,temperature_C\nSi,none,LiPF6,25\nSi,none,LiPF6,900\n")).ToList()[1];
        var e = Assert.Throws<CsvFormatException>(() => DesignCsv.Read(row));
        Assert.Equal(3, e.Line);
        Assert.Equal("temperature_C", e.Column);
    }
}
