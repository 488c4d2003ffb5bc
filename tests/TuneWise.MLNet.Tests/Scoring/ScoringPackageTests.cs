using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using Xunit.Abstractions;
using TuneWise.Testing;

namespace TuneWise.MLNet.Tests.Scoring;

/// <summary>
/// A deployed application references TuneWise.MLNet.Scoring alone: the scoring sample, published as
/// a user publishes it, loads models the trainer saved in a fresh process and scores them exactly as
/// the training process did, without TorchSharp in its folder.
/// </summary>
public class ScoringPackageTests(ITestOutputHelper log)
{
    /// <summary>The issue's goal for a framework-dependent linux-x64 publish.</summary>
    private const long MaxPublishBytes = 60L * 1024 * 1024;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_published_scoring_app_without_TorchSharp_scores_saved_models_identically()
    {
        var work = Directory.CreateTempSubdirectory("tunewise-scoring").FullName;
        try
        {
            var ml = new MLContext(1);
            var options = new NeuralNetworkOptions { HiddenLayers = [16], NumberOfEpochs = 5, BatchSize = 32, LearningRate = 3e-3, Seed = 5 };
            var models = new (string Name, IEstimator<ITransformer> Pipeline, IDataView Train, IDataView Rows)[]
            {
                ("binary", ml.Transforms.Concatenate("Features", "A", "B", "C").Append(ml.BinaryClassification.Trainers.NeuralNetwork(options)),
                    SyntheticData.Binary(ml, 200, seed: 1), SyntheticData.Binary(ml, 40, seed: 2)),
                ("regression", ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age").Append(ml.Regression.Trainers.NeuralNetwork(Copy(options, "Price"))),
                    SyntheticData.Prices(ml, 200, seed: 1), SyntheticData.Prices(ml, 40, seed: 2)),
                ("multiclass", ml.Transforms.Conversion.MapValueToKey("Label", "Colour").Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
                    .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(options)).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedColour", "PredictedLabel")),
                    SyntheticData.Colours(ml, 200, seed: 1), SyntheticData.Colours(ml, 40, seed: 2)),
            };
            var expected = new Dictionary<string, List<string>>();
            foreach (var (name, pipeline, train, rows) in models)
            {
                var model = pipeline.Fit(train);
                ml.Model.Save(model, train.Schema, Path.Combine(work, name + ".zip"));
                using (var csv = File.Create(Path.Combine(work, name + ".csv")))
                    ml.Data.SaveAsText(rows, csv, separatorChar: ',', headerRow: true, schema: false);
                // What the training process predicts for the rows as the CSV holds them.
                var reread = ml.Data.LoadFromTextFile(Path.Combine(work, name + ".csv"), Columns(train.Schema), separatorChar: ',', hasHeader: true);
                expected[name] = Rows(model.Transform(reread), train.Schema);
            }

            var app = await Publish(work);
            var files = Directory.GetFiles(app, "*", SearchOption.AllDirectories);
            Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(files, f => Path.GetFileName(f) is "TuneWise.MLNet.dll" or "TuneWise.Models.dll" or "TuneWise.Search.dll" or "Npgsql.dll" or "Microsoft.Data.Sqlite.dll");
            long bytes = files.Sum(f => new FileInfo(f).Length);
            log.WriteLine($"publish ({RuntimeInformation.RuntimeIdentifier}, framework-dependent): {files.Length} files, {bytes / 1048576.0:F1} MB");
            if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
                Assert.True(bytes <= MaxPublishBytes, $"publish is {bytes / 1048576.0:F1} MB, goal ≤ {MaxPublishBytes / 1048576} MB");

            foreach (var (name, _, _, _) in models)
            {
                var (code, scores, error) = await Run("dotnet", [Path.Combine(app, "TuneWise.MLNet.ScoringApp.dll"), Path.Combine(work, name + ".zip"), Path.Combine(work, name + ".csv")], work);
                Assert.True(code == 0, $"{name}: exit {code}\n{error}");
                var lines = scores.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
                Assert.Equal(expected[name], lines);
                Assert.Equal(41, lines.Count);
            }
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    private static NeuralNetworkOptions Copy(NeuralNetworkOptions options, string label)
    {
        var copy = options.Copy();
        copy.LabelColumnName = label;
        return copy;
    }

    // The CSV's columns as the scoring app reads them: the saved schema's Single, Boolean and text columns in order.
    private static TextLoader.Column[] Columns(DataViewSchema schema) =>
        schema.Select((c, i) => new TextLoader.Column(c.Name, c.Type == NumberDataViewType.Single ? DataKind.Single : c.Type == BooleanDataViewType.Instance ? DataKind.Boolean : DataKind.String, i)).ToArray();

    // The header and every row of the columns the model adds, formatted as the scoring app writes them.
    private static List<string> Rows(IDataView scored, DataViewSchema input)
    {
        var added = scored.Schema.Where(c => !c.IsHidden && input.GetColumnOrNull(c.Name) is null).ToList();
        var columns = added.Select(c => c.Type switch
        {
            VectorDataViewType => scored.GetColumn<VBuffer<float>>(c.Name).Select(v => string.Join(" ", v.DenseValues().Select(Text))).ToList(),
            KeyDataViewType => scored.GetColumn<uint>(c.Name).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList(),
            BooleanDataViewType => scored.GetColumn<bool>(c.Name).Select(b => b ? "true" : "false").ToList(),
            TextDataViewType => scored.GetColumn<string>(c.Name).ToList(),
            _ => scored.GetColumn<float>(c.Name).Select(Text).ToList(),
        }).ToList();
        return [string.Join(",", added.Select(c => c.Name)), .. Enumerable.Range(0, columns[0].Count).Select(r => string.Join(",", columns.Select(c => c[r])))];
    }

    private static string Text(float x) => x.ToString("R", CultureInfo.InvariantCulture);

    // Publishes the scoring sample from a copy of the files it builds from (its project, the scoring
    // package's, the central build settings), so the publish shares no obj folder with the test run.
    private static async Task<string> Publish(string work)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TuneWise.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var copy = Path.Combine(work, "repo");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md" })
            if (File.Exists(Path.Combine(root, file))) { Directory.CreateDirectory(copy); File.Copy(Path.Combine(root, file), Path.Combine(copy, file)); }
        foreach (var project in new[] { Path.Combine("src", "TuneWise.MLNet.Scoring"), Path.Combine("samples", "TuneWise.MLNet.ScoringApp") })
            foreach (var file in Directory.GetFiles(Path.Combine(root, project)).Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj")))
            {
                Directory.CreateDirectory(Path.Combine(copy, project));
                File.Copy(file, Path.Combine(copy, project, Path.GetFileName(file)));
            }
        var output = Path.Combine(work, "app");
        var (code, stdout, stderr) = await Run("dotnet", ["publish", Path.Combine(copy, "samples", "TuneWise.MLNet.ScoringApp", "TuneWise.MLNet.ScoringApp.csproj"),
            "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", output, "-nologo"], copy);
        Assert.True(code == 0, $"publish failed:\n{stdout}\n{stderr}");
        return output;
    }

    private static async Task<Processes.Outcome> Run(string file, string[] arguments, string folder)
    {
        using var process = Processes.Start(file, arguments, folder, new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        // A hang guard, about ten times a publish on a quiet 2-core machine.
        return await Processes.RunAsync(process, TimeSpan.FromMinutes(10));
    }
}
