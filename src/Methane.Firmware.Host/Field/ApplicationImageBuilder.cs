using System.Buffers.Binary;
using System.Text;
using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Host.Field;

/// <summary>
/// Packs nanoFramework assemblies (.pe) into the application image a slot holds and an OTA job delivers
/// (<see cref="ApplicationImage"/> documents the layout; the device's parser is the one that reads it back).
/// </summary>
public static class ApplicationImageBuilder
{
    public sealed record Part(string Name, byte[] Pe);

    /// <summary>The image of <paramref name="parts"/> in load order; <see cref="ArgumentException"/> names the part that is wrong.</summary>
    public static byte[] Build(IReadOnlyList<Part> parts)
    {
        if (parts.Count is < 1 or > ApplicationImage.MaxAssemblies)
            throw new ArgumentException($"{parts.Count} assemblies: an application image holds 1 to {ApplicationImage.MaxAssemblies}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var header = new MemoryStream();
        header.Write("MAI1"u8);
        header.WriteByte((byte)parts.Count);
        Span<byte> length = stackalloc byte[4];
        foreach (Part part in parts)
        {
            byte[] name = Encoding.ASCII.GetBytes(part.Name);
            if (name.Length is < 1 or > ApplicationImage.MaxNameBytes || !part.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new ArgumentException($"assembly name '{part.Name}': expected 1 to {ApplicationImage.MaxNameBytes} ASCII letters, digits, '.', '_' or '-'");
            if (!seen.Add(part.Name)) throw new ArgumentException($"assembly '{part.Name}' is given twice");
            if (!ApplicationImage.IsAssembly(part.Pe))
                throw new ArgumentException($"assembly '{part.Name}' is not a nanoFramework .pe (it does not start with \"NFMRK1\"; give the metadata processor's output, not the .dll)");
            if (part.Pe.Length > ApplicationImage.MaxAssemblyBytes)
                throw new ArgumentException($"assembly '{part.Name}' is {part.Pe.Length} bytes, above the {ApplicationImage.MaxAssemblyBytes} an image entry allows");
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)part.Pe.Length);
            header.Write(length);
            header.WriteByte((byte)name.Length);
            header.Write(name);
        }
        byte[] image = new byte[header.Length + parts.Sum(p => (long)p.Pe.Length)];
        header.ToArray().CopyTo(image, 0);
        long at = header.Length;
        foreach (Part part in parts)
        {
            part.Pe.CopyTo(image, at);
            at += part.Pe.Length;
        }
        return image;
    }

    /// <summary>Null when <paramref name="image"/> is a whole application image, else what is wrong with it, in words.</summary>
    public static string? Check(byte[] image)
    {
        var parsed = new ApplicationImage();
        int headerBytes = Math.Min(image.Length, ApplicationImage.MaxHeaderBytes);
        ApplicationImageError error = parsed.Parse(image, headerBytes, image.Length);
        if (error != ApplicationImageError.None) return Describe(error);
        for (int i = 0; i < parsed.Count; i++)
        {
            if (!ApplicationImage.IsAssembly(image[parsed.Offset(i)..(parsed.Offset(i) + parsed.Length(i))]))
                return $"assembly {i + 1} ({Encoding.ASCII.GetString(image, parsed.NameStart(i), parsed.NameLength(i))}) does not start with \"NFMRK1\"";
        }
        return null;
    }

    public static string Describe(ApplicationImageError error) => error switch
    {
        ApplicationImageError.TooShort => "it ends inside its header",
        ApplicationImageError.BadMagic => "it does not start with \"MAI1\" (a bare .pe? pack the core and the application with 'board image')",
        ApplicationImageError.BadCount => $"its assembly count is not 1 to {ApplicationImage.MaxAssemblies}",
        ApplicationImageError.BadLength => "an assembly length is out of range",
        ApplicationImageError.BadName => "an assembly name is empty, too long or not letters, digits, '.', '_', '-'",
        ApplicationImageError.LengthMismatch => "header and assemblies do not add up to the file length (truncated or trailing bytes)",
        _ => error.ToString(),
    };
}
