using System.Runtime.InteropServices;

namespace TuneWise.MLNet.Onnx;

/// <summary>Element types of ONNX tensors (onnx.proto's <c>TensorProto.DataType</c>).</summary>
internal enum OnnxType
{
    Float = 1,
    Int64 = 7,
    String = 8,
}

/// <summary>A node attribute: an integer, a float, or a list of integers.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);

    internal ProtoMessage ToProto()
    {
        // AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20 (FLOAT 1, INT 2, INTS 7).
        var proto = new ProtoMessage().String(1, Name);
        if (Float is { } f) proto.Float(2, f).Int(20, 1);
        else if (Int is { } i) proto.Int(3, i).Int(20, 2);
        else proto.Int64s(8, Ints ?? []).Int(20, 7);
        return proto;
    }
}

/// <summary>
/// An ONNX graph under construction: inputs, constant tensors (initializers), nodes and outputs,
/// written as a model of ONNX opset <see cref="Opset"/>. Every value gets a fresh name, so nodes
/// are added by what they compute and their output name is passed on.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The ONNX operator set the graph uses; every operator TuneWise emits exists in it unchanged.</summary>
    public const int Opset = 13;
    /// <summary>The IR version matching <see cref="Opset"/>.</summary>
    private const int IrVersion = 7;
    /// <summary>Name of the symbolic batch dimension (rows scored together).</summary>
    public const long Batch = -1;

    private readonly List<ProtoMessage> _nodes = [], _initializers = [], _inputs = [], _outputs = [];
    private readonly HashSet<string> _names = [];
    private int _counter;

    /// <summary>Declares a graph input; a dimension of <see cref="Batch"/> is the batch size.</summary>
    public string Input(string name, OnnxType type, params long[] dims)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as the graph output <paramref name="name"/>.</summary>
    public void Output(string name, string value, OnnxType type, params long[] dims)
    {
        Claim(name);
        _nodes.Add(NodeProto("Identity", [value], [name], []));
        _outputs.Add(ValueInfo(name, type, dims));
    }

    /// <summary>A constant float tensor.</summary>
    public string Constant(string hint, float[] values, params long[] dims) =>
        Initializer(hint, OnnxType.Float, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A constant int64 tensor.</summary>
    public string Constant(string hint, long[] values, params long[] dims) =>
        Initializer(hint, OnnxType.Int64, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A constant string tensor.</summary>
    public string Constant(string hint, IReadOnlyList<string> values, params long[] dims) =>
        Initializer(hint, OnnxType.String, dims, t => { foreach (var v in values) t.String(6, v); });

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        var output = Fresh(op.ToLowerInvariant());
        _nodes.Add(NodeProto(op, inputs, [output], attributes));
        return output;
    }

    /// <summary>The serialised ONNX model.</summary>
    public byte[] ToModel(string producer, string producerVersion)
    {
        // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
        var graph = new ProtoMessage();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, "network");
        foreach (var i in _initializers) graph.Message(5, i);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);
        // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7, opset_import = 8.
        return new ProtoMessage()
            .Int(1, IrVersion)
            .String(2, producer)
            .String(3, producerVersion)
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int(2, Opset))
            .ToBytes();
    }

    private string Initializer(string hint, OnnxType type, long[] dims, Action<ProtoMessage> writeData)
    {
        // TensorProto: dims = 1, data_type = 2, string_data = 6, name = 8, raw_data = 9.
        var name = Fresh(hint);
        var tensor = new ProtoMessage().Int64s(1, dims).Int(2, (int)type).String(8, name);
        writeData(tensor);
        _initializers.Add(tensor);
        return name;
    }

    private static ProtoMessage NodeProto(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute> attributes)
    {
        // NodeProto: input = 1, output = 2, op_type = 4, attribute = 5.
        var node = new ProtoMessage();
        foreach (var i in inputs) node.String(1, i);
        foreach (var o in outputs) node.String(2, o);
        node.String(4, op);
        foreach (var a in attributes) node.Message(5, a.ToProto());
        return node;
    }

    private static ProtoMessage ValueInfo(string name, OnnxType type, long[] dims)
    {
        // ValueInfoProto: name = 1, type = 2; TypeProto: tensor_type = 1; Tensor: elem_type = 1, shape = 2;
        // TensorShapeProto: dim = 1; Dimension: dim_value = 1, dim_param = 2.
        var shape = new ProtoMessage();
        foreach (var d in dims)
            shape.Message(1, d == Batch ? new ProtoMessage().String(2, "batch") : new ProtoMessage().Int(1, d));
        var tensor = new ProtoMessage().Int(1, (int)type).Message(2, shape);
        return new ProtoMessage().String(1, name).Message(2, new ProtoMessage().Message(1, tensor));
    }

    private string Fresh(string hint)
    {
        string name;
        do name = $"{hint}_{_counter++}"; while (!_names.Add(name));
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
    }
}
