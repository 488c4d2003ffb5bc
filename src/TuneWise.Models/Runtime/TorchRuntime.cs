using TorchSharp;

namespace TuneWise.Models.Runtime;

/// <summary>Entry point that guarantees TorchSharp is usable, or explains why not.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadResult = new(Probe);

    /// <summary>
    /// Loads TorchSharp's native library (applying the libstdc++ fix where needed) and throws a
    /// <see cref="TorchRuntimeUnavailableException"/> with a clear message when it cannot.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (LoadResult.Value is { } error) throw error;
    }

    private static Exception? Probe()
    {
        TorchNativeLoader.Install();
        try
        {
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            var reason = TorchNativeLoader.LastFailure ?? (e.InnerException ?? e).Message;
            return new TorchRuntimeUnavailableException(
                "TorchSharp's native library could not be loaded. " + reason + Environment.NewLine +
                "What to do: install a libstdc++ from GCC 13 or newer (Debian/Ubuntu: libstdc++6), or make sure " +
                "the folder in TUNEWISE_NATIVE_CACHE (default ~/.cache/tunewise/native) is writable so TuneWise can " +
                "prepare a compatible copy; check that the TorchSharp-cpu package's runtimes/linux-x64/native files " +
                "were deployed with the application.", e);
        }
    }
}
