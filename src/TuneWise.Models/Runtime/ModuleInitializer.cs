using System.Runtime.CompilerServices;

namespace TuneWise.Models.Runtime;

internal static class ModuleInitializer
{
    /// <summary>
    /// Runs when TuneWise.Models is first used, so applications that reference the package get
    /// the native-library fix without calling anything.
    /// </summary>
#pragma warning disable CA2255 // A library initializer is the point: the resolver must exist before TorchSharp loads.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        OneDnnIsaGuard.Apply();
        TorchLogLevel.SetDefault();
        TorchNativeLoader.Install();
    }
}
