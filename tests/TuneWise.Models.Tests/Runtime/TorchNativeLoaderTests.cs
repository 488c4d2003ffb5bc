using System.Text;
using TorchSharp;
using TuneWise.Models.Runtime;

namespace TuneWise.Models.Tests.Runtime;

public class TorchNativeLoaderTests
{
    [Fact]
    public void Torch_loads_and_computes()
    {
        TorchRuntime.EnsureLoaded();
        using var x = torch.ones(3, 3);
        Assert.Equal(9f, x.sum().item<float>());
        Assert.Null(TorchNativeLoader.LastFailure);
    }

    [Fact]
    public void The_patched_copy_is_used_only_when_the_system_libstdcxx_is_too_old()
    {
        TorchRuntime.EnsureLoaded();
        var libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        Assert.NotNull(libstdcxx);
        bool systemHasVersion = Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx)).Contains("GLIBCXX_3.4.32");
        Assert.Equal(!systemHasVersion, TorchNativeLoader.UsedPatchedCopy);
        if (systemHasVersion) Assert.Equal(TorchNativeLoader.FindShippedLibrary(), TorchNativeLoader.LoadedFrom);
        else Assert.NotEqual(TorchNativeLoader.FindShippedLibrary(), TorchNativeLoader.LoadedFrom);
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/libLibTorchSharp.so)", "GLIBCXX_3.4.32")]
    [InlineData("libstdc++.so.6: version `CXXABI_1.3.15' not found (required by y)", "CXXABI_1.3.15")]
    public void Missing_versions_are_read_from_the_loader_error(string error, string expected)
    {
        Assert.Equal([expected], TorchNativeLoader.MissingVersions(error));
    }

    [Fact]
    public void An_unrelated_load_error_names_no_missing_version()
    {
        Assert.Empty(TorchNativeLoader.MissingVersions("libtorch.so: cannot open shared object file: No such file or directory"));
    }
}
