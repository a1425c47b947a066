using Methane.Firmware.Core.Json;

namespace Methane.Firmware.Conformance
{
    /// <summary>The core's JSON reader: every token of valid documents (numbers as bits), and the error and position of invalid ones.</summary>
    public static class JsonSection
    {
        private static readonly string[] Documents =
        {
            "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\u00e9\\n\",\"d\":{\"e\":-0.5e-3}}",
            "[0,-0,1.5,1e22,1e23,123456789012345678901234567890,5e-324,2.2250738585072014e-308,1.7976931348623157e308,1e309,0.1,9007199254740993]",
            "[-9223372036854775808,9223372036854775807,9223372036854775808,12.0,3e2]",
            "\"\\ud83d\\ude00 \\\"q\\\" \\/\"",
            "{\"a\":01}",
            "{\"a\":1,}",
            "[1 2]",
            "\"abc",
            "{\"a\" 1}",
            "[1e]",
            "\"\\x\"",
            "\"\\udc00\"",
            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
            "  true  ",
            "nul",
            "{}x",
        };

        public static void Run(Transcript t)
        {
            JsonReader reader = new JsonReader(8);
            byte[] copy = new byte[64];
            for (int d = 0; d < Documents.Length; d++)
            {
                byte[] doc = Transcript.Utf8(Documents[d]);
                reader.Reset(doc, 0, doc.Length);
                string line = "doc " + Transcript.I(d) + ":";
                int guard = 0;
                while (guard++ < 64)
                {
                    bool ok = reader.Read();
                    if (!ok)
                    {
                        line += " ERR " + Transcript.I((int)reader.Error) + "@" + Transcript.I(reader.ErrorPosition);
                        break;
                    }
                    JsonTokenType type = reader.TokenType;
                    line += " " + Transcript.I((int)type);
                    if (type == JsonTokenType.Number)
                    {
                        long l;
                        double v;
                        bool isLong = reader.TryGetInt64(out l);
                        bool isDouble = reader.TryGetDouble(out v);
                        line += "(" + (isLong ? Transcript.I(l) : "-") + "," + (isDouble ? Transcript.D(v) : "-") + "," + Transcript.B(reader.NumberIsInteger) + ")";
                    }
                    else if (type == JsonTokenType.String || type == JsonTokenType.PropertyName)
                    {
                        int n = reader.CopyString(copy, 0, copy.Length);
                        line += "(" + (n < 0 ? "copy" + Transcript.I(n) : Transcript.Bytes(copy, 0, n)) + ")";
                    }
                    if (type == JsonTokenType.EndOfDocument) { break; }
                }
                t.Line(line);
            }
            byte[] obj = Transcript.Utf8("{\"skip\":{\"x\":[1,{\"y\":2}]},\"key\":\"value\"}");
            reader.Reset(obj, 0, obj.Length);
            reader.Read();
            reader.Read();
            bool skipName = reader.ValueEquals("skip");
            reader.Read();
            bool skipped = reader.Skip();
            reader.Read();
            t.Line("skip " + Transcript.B(skipName) + " " + Transcript.B(skipped) + " next " + Transcript.I((int)reader.TokenType) + " key " + Transcript.B(reader.ValueEquals("key"))
                + " depth " + Transcript.I(reader.Depth));
        }
    }
}
