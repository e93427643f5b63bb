namespace Twin.Cli.Tests;

/// <summary>`twin --help` lists every command; each command has its own help; a bad command line is exit 2.</summary>
public sealed class HelpTests
{
    public static readonly TheoryData<string> Commands =
        ["train", "predict", "evaluate", "import", "inspect", "forecast", "cells", "backup", "restore"];

    [Fact]
    public void TwinHelpListsEveryCommand()
    {
        var (code, stdout, _) = TwinProcess.Run("--help");
        Assert.Equal(0, code);
        foreach (var c in Commands) Assert.Matches($@"\n  {c}\b", stdout);
        var (bare, again, _) = TwinProcess.Run();
        Assert.Equal(0, bare);
        Assert.Equal(stdout, again);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandHasItsOwnHelp(string command)
    {
        var (code, stdout, _) = TwinProcess.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains($"twin {command}", stdout);
    }

    [Fact]
    public void CellsListHelpNamesTheServerOptions()
    {
        var (code, stdout, _) = TwinProcess.Run("cells", "list", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--server", "--api-key", "--output", "--sort", "--limit", "--after", "--tag" }) Assert.Contains(option, stdout);
    }

    [Fact]
    public void AnUnknownOptionIsExitCode2NamingItAndTheHelpToRead()
    {
        var (code, _, stderr) = TwinProcess.Run("cells", "list", "--colour", "red");
        Assert.Equal(2, code);
        Assert.Contains("--colour", stderr);
        Assert.Contains("see: twin cells list --help", stderr);
    }
}
