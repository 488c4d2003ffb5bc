using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Tests.Health;

/// <summary>Networks with one problem each, built on purpose with the zoo's and trainer's knobs.</summary>
internal static class HealthScenarios
{
    public static Experiment Base(ModelSection? model = null, TrainingSection? training = null, int epochs = 3) => new()
    {
        Seed = 3,
        Model = model ?? new ModelSection { Hidden = [128, 64] },
        Training = (training ?? new TrainingSection()) with { Epochs = epochs },
        Health = new HealthSection { Cadence = 10 },
    };

    public static TrainingData SmallData(int trainLimit = 2000, bool shuffle = true) => TestData.Small(trainLimit, seed: 3, shuffle);

    public static DiagnosisResult Diagnose(Experiment experiment, TrainingData? data = null) =>
        Diagnosis.Run(experiment, data ?? SmallData());

    public static string Describe(DiagnosisResult r) =>
        string.Join("; ", r.All.Select(v => $"{v.Code}/{v.Severity}@{v.Step}: {v.Message}")) is { Length: > 0 } s ? s : "(none)";

    public static IReadOnlyList<string> Codes(DiagnosisResult r, Severity atLeast = Severity.Warning) =>
        r.All.Where(v => v.Severity >= atLeast).Select(v => v.Code).Distinct().ToList();
}
