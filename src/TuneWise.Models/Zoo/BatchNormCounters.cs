using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>
/// Removes the batch counter of every batch-norm layer, so that no training step can crash at random.
/// </summary>
/// <remarks>
/// TorchSharp's batch norm counts batches with <c>num_batches_tracked.add_(1)</c>, which makes two
/// Scalars on the fly that nothing keeps alive while libtorch reads them; now and then the garbage
/// collector frees one mid-call and the step fails with "Unknown scalar type" (seen on a ResNet test
/// under load), the same hazard TuneWise's optimizer steps avoid. The counter only matters with a
/// momentum of 0 (a cumulative average); every layer here keeps PyTorch's momentum of 0.1, so the
/// running statistics are exactly what they were.
/// </remarks>
internal static class BatchNormCounters
{
    /// <summary>Drops the counter of each batch-norm layer in <paramref name="model"/> that uses a momentum; returns the model.</summary>
    public static nn.Module<Tensor, Tensor> Remove(nn.Module<Tensor, Tensor> model)
    {
        foreach (var (_, module) in model.named_modules())
            if (module is NormBase { track_running_stats: true, momentum: > 0, num_batches_tracked: not null } norm)
                norm.num_batches_tracked = null;
        return model;
    }
}
