using System.Text;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>A span as an OTLP export carries it: enough to follow a trace from one span to its parent.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// Reads the spans out of an OTLP <c>ExportTraceServiceRequest</c> in protobuf's wire format (the few fields a
/// test needs: resource_spans 1 → scope_spans 2 → spans 2 → trace_id 1, span_id 2, parent_span_id 4, name 5),
/// so the tests need neither the generated OTLP types nor a protobuf library.
/// </summary>
public static class OtlpSpans
{
    public static IReadOnlyList<OtlpSpan> Read(byte[] export) =>
        [.. Fields(export).Where(f => f.Number == 1)
            .SelectMany(resourceSpans => Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            .SelectMany(scopeSpans => Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
            .Select(span => ToSpan(Fields(span.Bytes)))];

    private static OtlpSpan ToSpan(IReadOnlyList<Field> fields)
    {
        byte[] Value(int number) => fields.FirstOrDefault(f => f.Number == number).Bytes ?? [];
        string Hex(int number) => Convert.ToHexString(Value(number));
        var name = Value(5);
        return new OtlpSpan(Hex(1), Hex(2), Hex(4), Encoding.UTF8.GetString(name));
    }

    private readonly record struct Field(int Number, byte[] Bytes);

    /// <summary>The fields of one message; only length-delimited ones keep their bytes, the rest are skipped (empty).</summary>
    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: Varint(message, ref position); fields.Add(new Field(number, [])); break;
                case 1: position += 8; fields.Add(new Field(number, [])); break;
                case 5: position += 4; fields.Add(new Field(number, [])); break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add(new Field(number, message[position..(position + length)]));
                    position += length;
                    break;
                default: throw new FormatException($"Wire type {key & 7} at byte {position} is not one OTLP uses.");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
