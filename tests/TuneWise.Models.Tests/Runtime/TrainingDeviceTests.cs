using TuneWise.Core.Experiments;
using TuneWise.Models.Runtime;
using TuneWise.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Runtime;

public class TrainingDeviceTests
{
    [SkippableFact]
    public void Auto_trains_on_the_cpu_without_cuda_and_exactly_as_cpu_does()
    {
        Skip.If(TrainingDevice.CudaDeviceCount() > 0, "this machine has a CUDA device: auto picks it");
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve("auto").type);
        TrainingResult Run(string device, out float[] weights)
        {
            var trainer = new Trainer(TestData.Experiment(new TrainingSection { Epochs = 2, BatchSize = 32, Device = device }, new ModelSection { Hidden = [16], Dropout = 0.1 }));
            var result = trainer.Train(TestData.Small(trainLimit: 300));
            Assert.Equal(DeviceType.CPU, TrainingDevice.Of(trainer.Model!).type);
            weights = trainer.Model!.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
            return result;
        }
        var cpu = Run("cpu", out var cpuWeights);
        var auto = Run("auto", out var autoWeights);
        Assert.Equal(cpu.StepLosses, auto.StepLosses);
        Assert.Equal(cpuWeights, autoWeights);
    }

    [SkippableFact]
    public void Cuda_in_a_cpu_build_is_one_line_naming_the_package_and_the_build_property()
    {
        Skip.If(TrainingDevice.CudaDeviceCount() > 0, "this machine and build have CUDA");
        var e = Assert.Throws<Core.UserInputException>(() => TrainingDevice.Resolve("cuda:1"));
        Assert.Contains("training.device is cuda:1, but no CUDA device is available", e.Message);
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
        Assert.Contains("-p:TorchSharpRuntime=cuda", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
