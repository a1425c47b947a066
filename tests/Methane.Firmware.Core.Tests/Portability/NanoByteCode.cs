using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Methane.Firmware.Core.Tests.Portability;

/// <summary>
/// The size of a method body as nanoFramework's metadata processor writes it into an assembly's byte-code table, which
/// it indexes with 16-bit offsets (at most 65,535 bytes per assembly; beyond, it stops with "Byte code table overflow").
/// The rules, from the processor's documented conversion: opcodes keep their 1 or 2 bytes; string, method, field and type
/// tokens and 32-bit branch offsets shrink from 4 bytes to 2; a switch keeps a 1-byte count and 2-byte targets; a body
/// with exception handlers gains a table of 10 bytes per handler plus a 1-byte count; every other operand keeps its size.
/// </summary>
internal static class NanoByteCode
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    public static int BodyBytes(byte[] il, int exceptionHandlers)
    {
        int size = 0;
        int i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[(ushort)(0xFE00 | il[i + 1])];
                i += 2;
                size += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i += 1;
                size += 1;
            }
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.InlineSwitch:
                    int targets = BitConverter.ToInt32(il, i);
                    i += 4 + 4 * targets;
                    size += 1 + 2 * targets;
                    break;
                case OperandType.InlineString or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineBrTarget:
                    i += 4;
                    size += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineVar or OperandType.ShortInlineI:
                    i += 1;
                    size += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    size += 2;
                    break;
                case OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineTok or OperandType.InlineSig:
                    i += 4;
                    size += 4;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    size += 8;
                    break;
                default:
                    throw new InvalidOperationException($"operand type {op.OperandType} of {op.Name} at IL offset {i}");
            }
        }
        return exceptionHandlers > 0 ? size + 1 + 10 * exceptionHandlers : size;
    }

    /// <summary>The byte-code table of an assembly: the sum over its method bodies.</summary>
    public static long AssemblyBytes(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        long total = 0;
        foreach (MethodDefinitionHandle handle in md.MethodDefinitions)
        {
            MethodDefinition method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
            total += BodyBytes(body.GetILBytes()!, body.ExceptionRegions.Length);
        }
        return total;
    }
}
