using Google.Protobuf;

namespace TuneWise.MLNet.Onnx;

/// <summary>
/// One protocol-buffer message under construction, written field by field with Google.Protobuf's
/// encoder. ONNX's message classes ship only inside ML.NET as internal types, so the few ONNX
/// messages an exported network needs are written through this (field numbers from onnx.proto).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _out;

    public ProtoMessage() => _out = new CodedOutputStream(_bytes, leaveOpen: true);

    public ProtoMessage Int(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoMessage Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    public ProtoMessage String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoMessage Message(int field, ProtoMessage value) => Bytes(field, value.ToBytes());

    /// <summary>A packed repeated int64 field.</summary>
    public ProtoMessage Int64s(int field, IReadOnlyList<long> values)
    {
        var packed = new ProtoMessage();
        foreach (var v in values) packed._out.WriteInt64(v);
        return Bytes(field, packed.ToBytes());
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtoMessage Floats(int field, IReadOnlyList<float> values)
    {
        var packed = new ProtoMessage();
        foreach (var v in values) packed._out.WriteFloat(v);
        return Bytes(field, packed.ToBytes());
    }

    public byte[] ToBytes()
    {
        _out.Flush();
        return _bytes.ToArray();
    }
}
