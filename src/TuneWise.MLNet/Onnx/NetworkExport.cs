using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Zoo;
using TuneWise.MLNet.Scoring;
using static TorchSharp.torch;

namespace TuneWise.MLNet.Onnx;

/// <summary>What an exported network reads and writes around its layers.</summary>
/// <param name="InputName">The ONNX input, named after the feature column.</param>
/// <param name="SampleShape">Shape of one sample, e.g. [1, 28, 28]; the input is its flat vector.</param>
/// <param name="Task">Classification or regression.</param>
/// <param name="Classes">Number of classes (2 for binary); 0 for regression.</param>
/// <param name="Features">The feature scaling the network was trained behind, or null.</param>
/// <param name="Target">How regression targets were standardised, or null.</param>
internal sealed record NetworkSignature(string InputName, int[] SampleShape, TaskKind Task, int Classes, Normalizer? Features, TargetScaling? Target)
{
    /// <summary>Features per sample.</summary>
    public int Width => SampleShape.Aggregate(1, (a, b) => a * b);
}

/// <summary>The names of an exported network's outputs.</summary>
internal static class NetworkOutputs
{
    /// <inheritdoc cref="NetworkColumns.Probabilities"/>
    public const string Probabilities = NetworkColumns.Probabilities;
    /// <inheritdoc cref="NetworkColumns.ClassIndex"/>
    public const string ClassIndex = NetworkColumns.ClassIndex;
    /// <inheritdoc cref="NetworkColumns.Score"/>
    public const string Score = NetworkColumns.Score;
    /// <inheritdoc cref="NetworkColumns.Probability"/>
    public const string Probability = NetworkColumns.Probability;

    /// <summary>The outputs of a network for <paramref name="task"/> with <paramref name="classes"/> classes.</summary>
    public static string[] For(TaskKind task, int classes) =>
        task == TaskKind.Regression ? [Score] : classes == 2 ? [Score, Probability] : [Probabilities, ClassIndex];
}

/// <summary>
/// Writes a trained network of the model zoo as an ONNX model that reads one raw feature vector:
/// the feature scaling it was trained behind comes first, the network's layers in eval mode
/// (batch norm folded into a scale and shift, dropout gone), then the task's outputs
/// (<see cref="NetworkOutputs"/>). Scored by ONNX Runtime, it needs no libtorch.
/// </summary>
internal static class NetworkExport
{
    /// <summary>The ONNX model's bytes.</summary>
    /// <exception cref="NotSupportedException">The network holds a layer with no ONNX form here (a user's own module).</exception>
    public static byte[] ToOnnx(nn.Module<Tensor, Tensor> model, NetworkSignature signature)
    {
        using var noGrad = no_grad();
        var graph = new OnnxGraph();
        var x = graph.Input(signature.InputName, OnnxType.Float, signature.Width);
        x = Scale(graph, x, signature.Features);
        x = graph.Node("Reshape", [x, graph.Constant("sample_shape", [1, .. signature.SampleShape.Select(d => (long)d)], signature.SampleShape.Length + 1)]);
        var output = Layer(graph, "network", model, x);
        WriteOutputs(graph, output, signature);
        return graph.ToModel("TuneWise", typeof(NetworkExport).Assembly.GetName().Version?.ToString() ?? "0");
    }

    private static string Scale(OnnxGraph graph, string x, Normalizer? scaling)
    {
        if (scaling is null || scaling.Kind == NormalizeKind.None) return x;
        long size = scaling.Shift.Count;
        x = graph.Node("Sub", [x, graph.Constant("feature_shift", scaling.Shift.ToArray(), size)]);
        return graph.Node("Mul", [x, graph.Constant("feature_scale", scaling.Scale.ToArray(), size)]);
    }

    private static void WriteOutputs(OnnxGraph graph, string logits, NetworkSignature signature)
    {
        // Constants are made only where used: ONNX Runtime warns about unused initializers.
        string Vector() => graph.Constant("one", new long[] { 1 }, 1);
        if (signature.Task == TaskKind.Regression)
        {
            var y = logits;
            if (signature.Target is { } t)
            {
                y = graph.Node("Mul", [y, graph.Constant("target_deviation", [(float)t.Deviation], 1)]);
                y = graph.Node("Add", [y, graph.Constant("target_mean", [(float)t.Mean], 1)]);
            }
            graph.Output(NetworkOutputs.Score, graph.Node("Reshape", [y, Vector()]), OnnxType.Float, 1);
            return;
        }
        var flat = graph.Node("Reshape", [logits, graph.Constant("classes", new long[] { signature.Classes }, 1)]);
        if (signature.Classes == 2)
        {
            // ML.NET's binary score is the positive class's margin: logit(true) − logit(false); its sigmoid is softmax's p(true).
            var one = Vector();
            var positive = graph.Node("Slice", [flat, one, graph.Constant("two", new long[] { 2 }, 1)]);
            var negative = graph.Node("Slice", [flat, graph.Constant("zero", new long[] { 0 }, 1), one]);
            var margin = graph.Node("Sub", [positive, negative]);
            graph.Output(NetworkOutputs.Score, margin, OnnxType.Float, 1);
            graph.Output(NetworkOutputs.Probability, graph.Node("Sigmoid", [margin]), OnnxType.Float, 1);
            return;
        }
        graph.Output(NetworkOutputs.Probabilities, graph.Node("Softmax", [flat], OnnxAttribute.Of("axis", 0L)), OnnxType.Float, signature.Classes);
        graph.Output(NetworkOutputs.ClassIndex, graph.Node("ArgMax", [flat], OnnxAttribute.Of("axis", 0L), OnnxAttribute.Of("keepdims", 1L)), OnnxType.Int64, 1);
    }

    private static string Layer(OnnxGraph graph, string name, nn.Module module, string x) => module switch
    {
        Sequential sequential => sequential.named_children().Aggregate(x, (h, child) => Layer(graph, child.name, child.module, h)),
        ResidualBlock block => Residual(graph, block, x),
        Linear linear => graph.Node("Gemm", Operands(graph, x, linear.weight!, linear.bias), OnnxAttribute.Of("transB", 1L)),
        Conv2d conv => graph.Node("Conv", Operands(graph, x, conv.weight!, conv.bias),
            OnnxAttribute.Of("kernel_shape", conv.kernel_size),
            OnnxAttribute.Of("strides", conv.stride),
            OnnxAttribute.Of("pads", [.. conv.padding!, .. conv.padding!]),
            OnnxAttribute.Of("dilations", conv.dilation),
            OnnxAttribute.Of("group", conv.groups)),
        BatchNorm1d bn => BatchNorm(graph, bn.running_mean!, bn.running_var!, bn.weight, bn.bias, bn.eps, [-1], x),
        BatchNorm2d bn => BatchNorm(graph, bn.running_mean!, bn.running_var!, bn.weight, bn.bias, bn.eps, [-1, 1, 1], x),
        ReLU => graph.Node("Relu", [x]),
        LeakyReLU leaky => graph.Node("LeakyRelu", [x], OnnxAttribute.Of("alpha", (float)leaky.negative_slope)),
        ELU elu => graph.Node("Elu", [x], OnnxAttribute.Of("alpha", (float)elu.alpha)),
        SELU => graph.Node("Selu", [x]),
        GELU => Gelu(graph, x),
        Tanh => graph.Node("Tanh", [x]),
        Sigmoid => graph.Node("Sigmoid", [x]),
        Dropout => x,
        Flatten => graph.Node("Flatten", [x], OnnxAttribute.Of("axis", 1L)),
        MaxPool2d pool => graph.Node("MaxPool", [x],
            OnnxAttribute.Of("kernel_shape", pool.kernel_size),
            OnnxAttribute.Of("strides", pool.stride ?? pool.kernel_size)),
        AdaptiveAvgPool2d pool when pool.output_size.All(s => s == 1) => graph.Node("GlobalAveragePool", [x]),
        _ => throw new NotSupportedException($"layer '{name}' ({module.GetType().Name}) cannot be written as ONNX; the model zoo's networks can"),
    };

    private static string Residual(OnnxGraph graph, ResidualBlock block, string x)
    {
        var parts = block.named_children().ToDictionary(c => c.name, c => c.module);
        var h = new[] { "conv1", "bn1", "act1", "conv2", "bn2" }.Aggregate(x, (v, part) => Layer(graph, part, parts[part], v));
        var skip = parts.TryGetValue("shortcut", out var shortcut) ? Layer(graph, "shortcut", shortcut, x) : x;
        return Layer(graph, "act2", parts["act2"], graph.Node("Add", [h, skip]));
    }

    private static string[] Operands(OnnxGraph graph, string x, Tensor weight, Tensor? bias) => bias is null
        ? [x, Constant(graph, "weight", weight)]
        : [x, Constant(graph, "weight", weight), Constant(graph, "bias", bias)];

    // Eval-mode batch norm is an affine map per channel: y = x·a + b with a = γ/√(var+ε), b = β − mean·a.
    private static string BatchNorm(OnnxGraph graph, Tensor mean, Tensor variance, Tensor? gamma, Tensor? beta, double eps, long[] shape, string x)
    {
        var a = (gamma ?? ones_like(mean)) / (variance + eps).sqrt();
        var b = (beta ?? zeros_like(mean)) - mean * a;
        var channelShape = shape.Select(d => d == -1 ? mean.shape[0] : d).ToArray();
        x = graph.Node("Mul", [x, Constant(graph, "bn_scale", a.reshape(channelShape))]);
        return graph.Node("Add", [x, Constant(graph, "bn_shift", b.reshape(channelShape))]);
    }

    // GELU(x) = x · ½ · (1 + erf(x/√2)), exact as PyTorch's default; ONNX has Gelu only from opset 20.
    private static string Gelu(OnnxGraph graph, string x)
    {
        var erf = graph.Node("Erf", [graph.Node("Mul", [x, graph.Constant("inv_sqrt2", [(float)(1 / Math.Sqrt(2))], 1)])]);
        var half = graph.Node("Mul", [graph.Node("Add", [erf, graph.Constant("one_f", [1f], 1)]), graph.Constant("half", [0.5f], 1)]);
        return graph.Node("Mul", [x, half]);
    }

    private static string Constant(OnnxGraph graph, string hint, Tensor tensor)
    {
        var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return graph.Constant(hint, values, tensor.shape);
    }
}
