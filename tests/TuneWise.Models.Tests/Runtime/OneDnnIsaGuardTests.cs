using System.Runtime.Intrinsics.X86;
using TorchSharp;
using TuneWise.Models.Runtime;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Runtime;

public class OneDnnIsaGuardTests
{
    [Fact]
    public void Convolution_gradients_stay_finite_over_many_backward_passes()
    {
        // On AVX-512 machines the uncapped oneDNN kernel put NaN into 10–15 % of these input gradients.
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        using var conv = nn.Conv2d(8, 8, 3, padding: 1, bias: false);
        var broken = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn(16, 8, 28, 28).requires_grad_(true);
            (conv.call(x) * randn(16, 8, 28, 28)).sum().backward();
            if (!x.grad!.isfinite().all().item<bool>() || !conv.weight!.grad!.isfinite().all().item<bool>()) broken.Add(i);
            conv.zero_grad();
        }
        Assert.True(broken.Count == 0, $"non-finite gradients in passes {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_cap_is_set_in_the_native_environment_exactly_on_avx512_machines()
    {
        TorchRuntime.EnsureLoaded();
        if (OneDnnIsaGuard.Applied) Assert.Equal(OneDnnIsaGuard.Cap, Environment.GetEnvironmentVariable(OneDnnIsaGuard.Variable));
        // Applied implies AVX-512; without it the guard must never touch oneDNN.
        Assert.True(!OneDnnIsaGuard.Applied || Avx512F.IsSupported);
    }

    [Theory]
    [InlineData(true, null, null, true)]
    [InlineData(false, null, null, false)]
    [InlineData(true, "ALL", null, false)]
    [InlineData(true, null, "AVX512_CORE", false)]
    public void Only_an_avx512_cpu_whose_user_set_neither_variable_is_capped(bool avx512, string? given, string? legacy, bool capped)
    {
        var environment = new Dictionary<string, string?> { [OneDnnIsaGuard.Variable] = given, ["DNNL_MAX_CPU_ISA"] = legacy };
        Assert.Equal(capped, OneDnnIsaGuard.ShouldCap(avx512, name => environment.GetValueOrDefault(name)));
    }
}
