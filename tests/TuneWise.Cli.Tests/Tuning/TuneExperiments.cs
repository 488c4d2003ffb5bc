using System.Text.Json;

namespace TuneWise.Cli.Tests.Tuning;

/// <summary>Small tuning studies on the bundled data, each in a folder of its own.</summary>
internal static class TuneExperiments
{
    /// <summary>Two optimizers with learning rates from their range tests, and dropout.</summary>
    public const string DefaultSpace = """{ "optimizer": { "choice": ["momentum", "adam"] }, "learningRate": "auto", "dropout": { "range": [0, 0.3] } }""";

    /// <summary>Writes an experiment into a new temporary folder; its study and results land beside it.</summary>
    /// <param name="trials">The trial budget.</param>
    /// <param name="epochs">Epochs per trial.</param>
    /// <param name="search">Extra members of the search section (JSON, leading comma).</param>
    /// <param name="space">The search space (JSON object).</param>
    public static string Write(int trials, int epochs = 2, string search = "", string space = DefaultSpace)
    {
        var data = JsonSerializer.Serialize(Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist"));
        return CliRunner.Experiment($$"""
            {
              "name": "small-study", "seed": 3,
              "data": { "path": {{data}}, "trainLimit": 1000, "validationFraction": 0.2 },
              "model": { "hidden": [32] },
              "training": { "epochs": {{epochs}}, "batchSize": 50 },
              "search": {
                "sampler": "random",
                "space": {{space}},
                "lrRangeTest": { "steps": 16 },
                "pruner": { "asha": null },
                "budget": { "trials": {{trials}} }
                {{search}}
              }
            }
            """);
    }

    /// <summary>The study file of an experiment written by <see cref="Write"/>.</summary>
    public static string StudyOf(string experiment) => Path.Combine(Path.GetDirectoryName(experiment)!, "small-study.db");
}
