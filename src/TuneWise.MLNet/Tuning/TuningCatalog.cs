using Microsoft.ML;

namespace TuneWise.MLNet.Tuning;

/// <summary>Creates tuning runs.</summary>
public static class TuningCatalog
{
    /// <summary>A new tuning run in this context.</summary>
    public static TuningExperiment CreateTuningExperiment(this MLContext context) => new(context);
}
