using System.Reflection;
using System.Reflection.Emit;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Portability;

/// <summary>
/// On nanoCLR every evaluation of a string literal (IL <c>ldstr</c>) allocates a new heap object; on .NET it does not, so
/// the .NET allocation tests cannot see it. The code that runs for every reading and every health message is therefore
/// checked at the IL level: it must take names from fields initialised once.
/// </summary>
public sealed class PerCycleStringLiteralTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static
        | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    // JsonWriter: everything except the constructors, the throwing region check and the start-up encoder.
    private static readonly string[] JsonWriterOffPath = { "Reset", "EncodeString" };

    public static IEnumerable<object[]> PerCycleMethods()
    {
        yield return new object[] { typeof(TelemetryEncoder), "Encode" };
        yield return new object[] { typeof(TelemetryEncoder), "IsEncodable" };
        yield return new object[] { typeof(TelemetryEncoder), "WriteReading" };
        yield return new object[] { typeof(TelemetryEncoder), "Number" };
        yield return new object[] { typeof(TelemetryEncoder), "Integer" };
        yield return new object[] { typeof(EventMessages), "WriteHealth" };
        yield return new object[] { typeof(EventMessages), "WriteAlarm" };
        yield return new object[] { typeof(EventMessages), "Identity" };
        yield return new object[] { typeof(StatusText), "Session" };
        foreach (var m in typeof(JsonWriter).GetMethods(Declared).Where(m => !JsonWriterOffPath.Contains(m.Name)).Select(m => m.Name).Distinct())
        {
            yield return new object[] { typeof(JsonWriter), m };
        }
    }

    [Theory]
    [MemberData(nameof(PerCycleMethods))]
    public void Per_cycle_code_evaluates_no_string_literal(Type type, string method)
    {
        var overloads = type.GetMethods(Declared).Where(m => m.Name == method).ToArray();
        Assert.NotEmpty(overloads);
        foreach (var m in overloads)
        {
            var literals = StringLiterals(m);
            Assert.True(literals.Count == 0, $"{type.Name}.{method} loads string literals: {string.Join(", ", literals)}");
        }
    }

    [Fact]
    public void The_scan_finds_literals()
    {
        // The same scan over a method that does load literals (on events only, so allowed there).
        Assert.Contains("unknown", StringLiterals(typeof(StatusText).GetMethod("Alarm")!));
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static List<string> StringLiterals(MethodInfo method)
    {
        var found = new List<string>();
        byte[] il = method.GetMethodBody()!.GetILAsByteArray()!;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            OpCode op = OpCodesByValue[value];
            i += op.Size;
            if (op == OpCodes.Ldstr)
            {
                found.Add(method.Module.ResolveString(BitConverter.ToInt32(il, i)));
            }
            i += OperandSize(op, il, i);
        }
        return found;
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
