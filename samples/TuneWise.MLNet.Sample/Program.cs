// Tunes TuneWise's neural network on a CSV from an ML.NET pipeline, evaluates it with ML.NET's
// evaluator, saves it with mlContext.Model.Save and writes the study's HTML report.
//   dotnet run --project samples/TuneWise.MLNet.Sample [-- --trials 16]
// Run it again to resume the study (it lives in customers-tuning/customers.db).
using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.MLNet;
using TuneWise.MLNet.Sample;
using TuneWise.MLNet.Tuning;

// TorchSharp 0.107's native library needs a libstdc++ from GCC 13; on older Linux systems (Debian 12)
// TuneWise loads a compatible copy, when the application asks for it once at startup.
TuneWise.Models.Runtime.TorchRuntime.UseNativeFix();

int trials = args.Length == 2 && args[0] == "--trials" && int.TryParse(args[1], out var t) && t > 0 ? t : 16;
var output = Directory.CreateDirectory(Path.Combine(Environment.CurrentDirectory, "customers-tuning")).FullName;
var ml = new MLContext(seed: 1);

// 1. Load the CSV; keep a fifth of it aside to test the tuned model once at the end.
var csv = Path.Combine(AppContext.BaseDirectory, "data", "customers.csv");
var all = ml.Data.LoadFromTextFile<Customer>(csv, separatorChar: ',', hasHeader: true);
var split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 1);

// 2. Featurise and tune the neural trainer (CustomerTuning.cs): learning rate from the range test,
//    optimizer, l2, dropout and batch size.
var tuning = ml.CreateTuningExperiment()
    .SetName("customers")
    .SetDataset(split.TrainSet, validationFraction: 0.2)
    .SetFeaturizer(CustomerTuning.Featurizer(ml))
    .SetNeuralNetwork(PredictionKind.Multiclass, CustomerTuning.Network())
    .SetSearchSpace(CustomerTuning.Space)
    .SetBudget(trials)
    .SetStorage(Path.Combine(output, "customers.db"))
    .SetReport(Path.Combine(output, "customers.html"));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var result = await tuning.RunAsync(progress =>
{
    if (progress.Event is TuningEvent.Phase or TuningEvent.TrialStarted or TuningEvent.TrialFinished) Console.WriteLine(progress);
}, cancel.Token);

// 3. Evaluate the tuned pipeline on the held-out test rows with ML.NET's evaluator.
var metrics = ml.MulticlassClassification.Evaluate(result.Model.Transform(split.TestSet));
Console.WriteLine($"best trial {result.Study.Best!.Record.Number}: {result.Parameters}");
Console.WriteLine($"test: macro accuracy {metrics.MacroAccuracy:F3}, micro accuracy {metrics.MicroAccuracy:F3}, log loss {metrics.LogLoss:F3}");
if (result.TrainerModel is NeuralNetworkModel network)
    Console.WriteLine(network.IsHealthy ? "health: no warnings" : "health: " + string.Join("; ", network.Health.Select(v => $"{v.Code} ({v.Severity})")));

// 4. Save the whole pipeline, load it back and check it predicts the same.
var modelPath = Path.Combine(output, "customers-model.zip");
ml.Model.Save(result.Model, split.TrainSet.Schema, modelPath);
var loaded = ml.Model.Load(modelPath, out _);
bool same = result.Model.Transform(split.TestSet).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray())
    .Zip(loaded.Transform(split.TestSet).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()))
    .All(p => p.First.SequenceEqual(p.Second));
Console.WriteLine($"model: {modelPath} (loaded back: {(same ? "identical scores" : "SCORES DIFFER")})");
Console.WriteLine($"report: {result.ReportPath}");
return same ? 0 : 1;
