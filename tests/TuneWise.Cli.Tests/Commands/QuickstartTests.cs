using System.Text.Json;

namespace TuneWise.Cli.Tests.Commands;

public class QuickstartTests
{
    [Fact]
    public void The_quickstart_experiment_reaches_85_percent_validation_accuracy_on_the_bundled_data()
    {
        var experiment = Path.Combine(CliRunner.RepositoryRoot, "experiments", "quickstart.json");
        var run = CliRunner.Run("train", experiment, "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var epochs = doc.RootElement.GetProperty("result").GetProperty("epochs");
        var accuracy = epochs[epochs.GetArrayLength() - 1].GetProperty("validationAccuracy").GetDouble();
        Assert.True(accuracy >= 0.85, $"validation accuracy {accuracy:P2}");
    }
}
