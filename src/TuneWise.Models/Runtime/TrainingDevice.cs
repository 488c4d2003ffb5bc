using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneWise.Models.Runtime;

/// <summary>
/// The device a run trains on, from <c>training.device</c>: <c>auto</c> (a CUDA device when the build
/// and the machine have one, else the CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. Asking for CUDA
/// without it is one line that names the package to reference and how.
/// </summary>
public static class TrainingDevice
{
    /// <summary>
    /// The environment variable through which <c>tune --workers</c> gives each worker process its own
    /// CUDA device index when several are present (worker i gets device i modulo their count).
    /// </summary>
    public const string WorkerDeviceVariable = "TUNEWISE_CUDA_DEVICE";

    /// <summary>What to reference for CUDA, said wherever CUDA is asked for and missing.</summary>
    public const string CudaHowTo =
        "this build references TorchSharp-cpu; build with -p:TorchSharpRuntime=cuda to reference TorchSharp-cuda-linux (TorchSharp-cuda-windows on Windows) instead, on a machine with an NVIDIA driver";

    /// <summary>The device <paramref name="name"/> names, checked against what this build and machine have.</summary>
    /// <exception cref="Core.UserInputException">CUDA was asked for and is not available, or the device index does not exist.</exception>
    public static Device Resolve(string name)
    {
        TorchRuntime.EnsureLoaded();
        if (name == "cpu") return CPU;
        bool available = cuda.is_available();
        if (name == "auto" && !available) return CPU;
        if (!available) throw new Core.UserInputException($"training.device is {name}, but no CUDA device is available: {CudaHowTo}; or set training.device to auto or cpu");
        int count = cuda.device_count();
        int index = name.StartsWith("cuda:", StringComparison.Ordinal) ? int.Parse(name["cuda:".Length..], CultureInfo.InvariantCulture)
            : int.TryParse(Environment.GetEnvironmentVariable(WorkerDeviceVariable), CultureInfo.InvariantCulture, out var worker) ? worker % count : 0;
        if (index >= count) throw new Core.UserInputException($"training.device is {name}, but this machine has {count} CUDA device(s): cuda:0 to cuda:{count - 1}");
        return device(DeviceType.CUDA, index);
    }

    /// <summary>How many CUDA devices this build and machine have (0 with TorchSharp-cpu).</summary>
    public static int CudaDeviceCount()
    {
        TorchRuntime.EnsureLoaded();
        return cuda.is_available() ? cuda.device_count() : 0;
    }

    /// <summary>The device a module's parameters live on (the CPU for a module without parameters).</summary>
    public static Device Of(nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;
}
