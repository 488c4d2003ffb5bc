using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>Clips gradients by value or by global norm, reporting the norm before clipping and whether clipping acted.</summary>
internal static class GradientClipper
{
    /// <summary>Clips the gradients of <paramref name="parameters"/> in place.</summary>
    /// <returns>The global L2 norm before clipping, and whether any gradient was changed.</returns>
    public static (double PreClipNorm, bool Clipped) Clip(IReadOnlyList<Parameter> parameters, ClipSection clip)
    {
        if (clip.Mode == ClipMode.Norm)
        {
            // clip_grad_norm_ returns the total norm it measured before rescaling.
            double norm = nn.utils.clip_grad_norm_(parameters, clip.Threshold);
            return (norm, norm > clip.Threshold);
        }
        using var scope = NewDisposeScope();
        var grads = parameters.Where(p => p.grad is not null).Select(p => p.grad!).ToList();
        if (grads.Count == 0) return (0, false);
        double total = stack(grads.Select(g => g.norm()).ToArray()).norm().item<float>();
        double largest = stack(grads.Select(g => g.abs().max()).ToArray()).max().item<float>();
        nn.utils.clip_grad_value_(parameters, clip.Threshold);
        return (total, largest > clip.Threshold);
    }
}
