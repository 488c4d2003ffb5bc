using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Preflight;

/// <summary>Runs the preflight checks in order; the cheap data checks first, the model checks after.</summary>
public static class PreflightChecks
{
    /// <summary>The standard checks.</summary>
    public static IReadOnlyList<IPreflightCheck> All() =>
    [
        new InputNonFiniteCheck(), new InputUnscaledCheck(), new LabelMismatchCheck(), new ClassImbalanceCheck(),
        new SplitShiftCheck(), new InitialLossCheck(), new SmallBatchOverfitCheck(),
    ];

    /// <summary>
    /// Runs every check and returns all findings. Model checks are skipped once a data check is
    /// fatal: with NaN inputs or impossible labels their numbers would mean nothing.
    /// </summary>
    public static IReadOnlyList<HealthVerdict> Run(PreflightContext context, IReadOnlyList<IPreflightCheck>? checks = null)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var findings = new List<HealthVerdict>();
        foreach (var check in checks ?? All())
        {
            bool modelCheck = check is InitialLossCheck or SmallBatchOverfitCheck;
            if (modelCheck && findings.Any(f => f.Severity == Severity.Fatal)) continue;
            findings.AddRange(check.Check(context));
        }
        return findings;
    }
}

/// <summary>Thrown when a fatal preflight finding stops a run before training; the message is the finding.</summary>
public sealed class PreflightFailedException : Exception
{
    /// <summary>Creates the exception from the findings.</summary>
    public PreflightFailedException(IReadOnlyList<HealthVerdict> findings)
        : base(string.Join(Environment.NewLine, findings.Where(f => f.Severity == Severity.Fatal).Select(f => $"{f.Code}: {f.Message}")))
        => Findings = findings;

    /// <summary>All preflight findings, fatal and not.</summary>
    public IReadOnlyList<HealthVerdict> Findings { get; }
}
