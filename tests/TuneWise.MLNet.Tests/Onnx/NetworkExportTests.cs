using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.MLNet.Onnx;
using TuneWise.Models.Runtime;
using TuneWise.Models.Zoo;
using static TorchSharp.torch;

namespace TuneWise.MLNet.Tests.Onnx;

public class NetworkExportTests
{
    public static TheoryData<string, ModelKind, ActivationKind, bool> Networks => new()
    {
        { "mlp relu", ModelKind.Mlp, ActivationKind.Relu, false },
        { "mlp batch norm, dropout, leaky", ModelKind.Mlp, ActivationKind.LeakyRelu, true },
        { "mlp elu", ModelKind.Mlp, ActivationKind.Elu, false },
        { "mlp selu", ModelKind.Mlp, ActivationKind.Selu, false },
        { "mlp gelu", ModelKind.Mlp, ActivationKind.Gelu, true },
        { "mlp tanh", ModelKind.Mlp, ActivationKind.Tanh, false },
        { "mlp sigmoid", ModelKind.Mlp, ActivationKind.Sigmoid, false },
        { "cnn batch norm", ModelKind.Cnn, ActivationKind.Relu, true },
        { "resnet", ModelKind.ResNet, ActivationKind.Relu, true },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_onnx_model_computes_what_the_network_computes_in_eval_mode(string name, ModelKind kind, ActivationKind activation, bool batchNorm)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        int[] shape = kind == ModelKind.Mlp ? [12] : [1, 8, 8];
        var spec = new ModelSection { Kind = kind, Hidden = [16, 8], Channels = [4, 6], Blocks = 1, Activation = activation, BatchNorm = batchNorm, Dropout = batchNorm ? 0.3 : 0 };
        using var model = ModelBuilder.Create(spec, shape, 5);
        // Give batch norm real running statistics and affine weights, as training would.
        model.train();
        using (no_grad()) model.call(randn([32, .. shape.Select(d => (long)d)]) * 3 + 1);
        foreach (var (n, p) in model.named_parameters()) if (n.EndsWith("weight") && p.dim() == 1) using (no_grad()) p.uniform_(0.5, 1.5);
        model.eval();

        var inputs = randn([4, .. shape.Select(d => (long)d)]);
        var expected = model.call(inputs).softmax(1);
        var onnx = NetworkExport.ToOnnx(model, new NetworkSignature("Features", shape, TaskKind.Classification, 5, null, null));

        using var session = new InferenceSession(onnx);
        int width = shape.Aggregate(1, (a, b) => a * b);
        for (int row = 0; row < 4; row++)
        {
            var x = inputs[row].flatten().data<float>().ToArray();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(x, [width]))]);
            var probabilities = results.Single(r => r.Name == NetworkOutputs.Probabilities).AsEnumerable<float>().ToArray();
            var want = expected[row].data<float>().ToArray();
            for (int c = 0; c < 5; c++) Assert.True(Math.Abs(probabilities[c] - want[c]) < 1e-5, $"{name}: row {row} class {c}: onnx {probabilities[c]} torch {want[c]}");
            long index = results.Single(r => r.Name == NetworkOutputs.ClassIndex).AsEnumerable<long>().Single();
            Assert.Equal(Array.IndexOf(want, want.Max()), (int)index);
        }
    }

    [Fact]
    public void Feature_scaling_and_target_scaling_are_part_of_the_model()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(1);
        using var model = ModelBuilder.Create(new ModelSection { Hidden = [4] }, [3], 1);
        model.eval();
        var raw = new float[] { 10, -4, 250 };
        var data = new Models.Data.Dataset([0, 0, 0, 20, -8, 500, 5, 1, 100], [0, 0, 0], [3], TaskKind.Regression, 0, "test");
        var scaling = Models.Data.Normalizer.Fit(data, NormalizeKind.Standardize);
        var scaled = scaling.Apply(new Models.Data.Dataset(raw, [0], [3], TaskKind.Regression, 0, "test")).Features;
        float expected = model.call(tensor(scaled).reshape(1, 3)).item<float>() * 20 + 50;

        var onnx = NetworkExport.ToOnnx(model, new NetworkSignature("x", [3], TaskKind.Regression, 0, scaling, new Models.Data.TargetScaling(50, 20)));
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(raw, [3]))]);
        Assert.Equal(expected, results.Single().AsEnumerable<float>().Single(), 4);
    }

    [Fact]
    public void A_layer_without_an_onnx_form_is_named()
    {
        TorchRuntime.EnsureLoaded();
        using var model = nn.Sequential(("mine", nn.Softplus()));
        var e = Assert.Throws<NotSupportedException>(() => NetworkExport.ToOnnx(model, new NetworkSignature("x", [3], TaskKind.Regression, 0, null, null)));
        Assert.Contains("'mine' (Softplus)", e.Message);
    }
}
