using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TuneWise.Core.Experiments;

/// <summary>
/// Decides whether a stored study belongs to an experiment: a SHA-256 over the experiment's
/// canonical JSON without the fields that may change while a study goes on.
/// </summary>
/// <remarks>
/// A user resumes a study with a larger budget, more workers, another report path or the study
/// moved to another file or database: none of these change which configurations are being
/// compared, so they are left out. Everything else (data, model, training, health, the space, the
/// sampler, the pruners, the objective, the seed) is in, so a study is never mixed with trials of
/// another experiment.
/// </remarks>
public static class ExperimentKey
{
    /// <summary>The key of <paramref name="experiment"/>.</summary>
    public static string Of(Experiment experiment)
    {
        var stable = experiment with
        {
            Search = experiment.Search with { Budget = new BudgetSection(), Workers = 1 },
            Storage = new StorageSection(),
            Report = new ReportSection(),
        };
        // The file form is canonical: properties in declaration order, defaults written out.
        var json = JsonSerializer.Serialize(stable, ExperimentLoader.JsonOptions);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
