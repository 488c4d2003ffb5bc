using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;

namespace TuneWise.Core.Tests.Experiments;

/// <summary>Every experiment file under experiments/ loads and validates, and its search space parses.</summary>
public class ShippedExperimentTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "TuneWise.sln"))) continue;
            foreach (var file in Directory.GetFiles(Path.Combine(dir.FullName, "experiments"), "*.json").Order()) data.Add(Path.GetFileName(file));
            return data;
        }
        throw new InvalidOperationException("repository root not found");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_experiment_file_is_valid(string name)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TuneWise.sln"))) root = Path.GetDirectoryName(root)!;
        var experiment = ExperimentLoader.Load(Path.Combine(root, "experiments", name));
        SearchSpaceParser.Parse(experiment.Search.Space);
        Assert.False(string.IsNullOrWhiteSpace(experiment.Name));
    }
}
