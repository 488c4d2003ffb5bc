using TuneWise.Core.Experiments;

namespace TuneWise.Search.Samplers;

/// <summary>Builds the sampler an experiment's <c>search.sampler</c> names, seeded by the experiment's seed.</summary>
internal static class SamplerFactory
{
    /// <summary>The sampler with its documented defaults.</summary>
    public static ISampler From(SamplerKind kind, int seed) => kind switch
    {
        SamplerKind.Auto => new AutoSampler(seed),
        SamplerKind.Tpe => new TpeSampler(seed),
        SamplerKind.Gp => new GpSampler(seed),
        SamplerKind.Random => new RandomSampler(seed),
        SamplerKind.Grid => new GridSampler(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The sampler and why, in one line for the start of a study.</summary>
    public static string Describe(ISampler sampler) => sampler switch
    {
        AutoSampler auto => auto.Description,
        TpeSampler => "tpe: tree-structured Parzen estimator",
        GpSampler => "gp: Gaussian process with expected improvement",
        RandomSampler => "random: uniform random sampling",
        GridSampler => "grid: each point of a grid once",
        _ => $"{sampler.GetType().Name}: a sampler given in code",
    };
}
