using TuneWise.Core.Experiments;

namespace TuneWise.Search.Samplers;

/// <summary>Builds the sampler an experiment's <c>search.sampler</c> names, seeded by the experiment's seed.</summary>
internal static class SamplerFactory
{
    /// <summary>
    /// The sampler with its documented defaults; the random start of the GP and TPE scaled to the
    /// study's trial budget (<see cref="RandomStart.ForBudget"/>), the same for every worker of a shared study.
    /// </summary>
    public static ISampler From(SamplerKind kind, int seed, int? trialBudget = null) => kind switch
    {
        SamplerKind.Auto => new AutoSampler(seed, gpOptions: GpOptions.ForBudget(trialBudget), tpeOptions: TpeOptions.ForBudget(trialBudget)),
        SamplerKind.Tpe => new TpeSampler(seed, TpeOptions.ForBudget(trialBudget)),
        SamplerKind.Gp => new GpSampler(seed, GpOptions.ForBudget(trialBudget)),
        SamplerKind.Random => new RandomSampler(seed),
        SamplerKind.Grid => new GridSampler(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The sampler and why, in one line for the start of a study.</summary>
    public static string Describe(ISampler sampler) => sampler switch
    {
        AutoSampler auto => auto.Description,
        TpeSampler tpe => $"tpe: tree-structured Parzen estimator, its first {tpe.StartupTrials} trials at random",
        GpSampler gp => $"gp: Gaussian process with expected improvement, its first {gp.StartupTrials} trials at random",
        RandomSampler => "random: uniform random sampling",
        GridSampler => "grid: each point of a grid once",
        _ => $"{sampler.GetType().Name}: a sampler given in code",
    };
}
