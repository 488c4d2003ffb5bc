using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneWise.Cli.Tests.Commands;

[Trait("Category", "Slow")]
public class QuickstartTests
{
    [Fact]
    public void The_quickstart_study_finds_a_configuration_above_85_percent_within_its_budget()
    {
        // The README's main command, on a copy whose paths point back at the bundled data, so the study lands in a temporary folder.
        var source = Path.Combine(CliRunner.RepositoryRoot, "experiments", "quickstart.json");
        var file = JsonNode.Parse(File.ReadAllText(source))!;
        file["data"]!["path"] = Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist");
        var experiment = CliRunner.Experiment(file.ToJsonString());

        var run = CliRunner.Run("tune", experiment, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Output);
        var root = doc.RootElement;
        int budget = file["search"]!["budget"]!["trials"]!.GetValue<int>();
        var counts = root.GetProperty("counts");
        int ended = counts.GetProperty("complete").GetInt32() + counts.GetProperty("pruned").GetInt32() + counts.GetProperty("unhealthy").GetInt32();
        Assert.True(ended == budget || root.GetProperty("endedBy").GetString() == "minutes", run.Output);
        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        double best = root.GetProperty("best").GetProperty("value").GetDouble();
        Assert.True(best >= 0.85, $"best validation accuracy {best:P2}");
    }
}
