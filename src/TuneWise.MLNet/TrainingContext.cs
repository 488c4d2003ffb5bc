using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// The caller's <see cref="MLContext"/> as the trainer uses it, as ML.NET's own trainers do: its seed
/// when the options give none, and its <c>Log</c> for each epoch and for the health findings.
/// </summary>
internal sealed class TrainingContext
{
    private readonly IHostEnvironment? _environment;

    private TrainingContext(IHostEnvironment? environment) => _environment = environment;

    /// <summary>The context itself.</summary>
    public static TrainingContext Of(MLContext context) => new(context);

    /// <summary>
    /// The context behind a trainer catalog (<c>ml.Regression.Trainers</c>). ML.NET keeps the catalog's
    /// environment internal to its own packages, so it is read by reflection; if a future ML.NET
    /// moves it, the trainer falls back to the options' seed (or 42) and logs nowhere.
    /// </summary>
    public static TrainingContext Of(object catalog)
    {
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var owner = catalog.GetType().GetProperty("Owner", Internal)?.GetValue(catalog);
        var environment = owner?.GetType().GetProperty("Environment", Internal)?.GetValue(owner) as IHostEnvironment;
        return new(environment);
    }

    /// <summary>True when the context was found (always, for a context passed directly).</summary>
    public bool Found => _environment is not null;

    /// <summary><paramref name="seed"/> when given; else the next seed of the context's random stream, which a context made with a seed replays.</summary>
    public int Seed(int? seed) =>
        seed ?? (_environment is null ? new Experiment().Seed : _environment.Register(nameof(NeuralNetworkTrainer)).Rand.Next());

    /// <summary>Writes a line to the context's log (<c>MLContext.Log</c>), as information or a warning.</summary>
    public void Log(string message, bool warning = false)
    {
        if (_environment is null) return;
        using var channel = _environment.Start(nameof(NeuralNetworkTrainer));
        // A format string to ML.NET: the message goes in as an argument, so its braces stay text.
        if (warning) channel.Warning(MessageSensitivity.None, "{0}", message);
        else channel.Info(MessageSensitivity.None, "{0}", message);
    }

    /// <summary>An observer that logs each of <paramref name="epochs"/> epochs as it ends.</summary>
    public ITrainingObserver EpochLog(int epochs) => new EpochLogger(this, epochs);

    /// <summary>Logs every finding above information as a warning, with its fixes.</summary>
    public void LogFindings(IEnumerable<HealthVerdict> verdicts)
    {
        foreach (var v in verdicts.Where(v => v.Severity != Severity.Info))
            Log($"{v.Severity.ToString().ToLowerInvariant()} {v.Code}: {v.Message}" + (v.Fixes.Count > 0 ? " Try: " + string.Join("; ", v.Fixes) : ""), warning: true);
    }

    private sealed class EpochLogger(TrainingContext context, int epochs) : ITrainingObserver
    {
        public void OnEpochCompleted(EpochMetrics epoch)
        {
            var line = new System.Text.StringBuilder();
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            line.Append(invariant, $"epoch {epoch.Number}/{epochs}: train loss {epoch.TrainLoss:G4}, validation loss {epoch.ValidationLoss:G4}");
            if (epoch.ValidationAccuracy is { } accuracy) line.Append(invariant, $", validation accuracy {accuracy:F4}");
            line.Append(invariant, $", learning rate {epoch.LearningRate:G3} ({epoch.TrainSeconds:F1} s)");
            context.Log(line.ToString());
        }
    }
}
