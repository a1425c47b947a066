using System.Text;
using Methane.Firmware.Core.Jobs;

namespace Methane.Firmware.Host.Adapters.Ota;

/// <summary>
/// What a firmware image is on the host: a file that starts with the line <c>METHANE-FW {version}\n</c> (the image
/// identifier the host boots by) followed by any bytes (the stand-in for the device's .pe assemblies). The host "runs" an
/// image by restarting the device loop with that version.
/// </summary>
public static class HostImage
{
    public const string Magic = "METHANE-FW ";
    private const int MaxHeader = 11 + SemVer.MaxLength + 1;

    /// <summary>An image of exactly <paramref name="size"/> bytes: header, then deterministic pseudo-random filler.</summary>
    public static byte[] Build(string version, int size, int seed = 1)
    {
        byte[] header = Encoding.ASCII.GetBytes(Magic + version + "\n");
        if (!new SemVer().TryParse(version)) throw new ArgumentException("version is not SemVer", nameof(version));
        if (size < header.Length) throw new ArgumentOutOfRangeException(nameof(size), "smaller than the header");
        var image = new byte[size];
        new Random(seed).NextBytes(image);
        header.CopyTo(image, 0);
        return image;
    }

    /// <summary>The version in the image's header, or null when the bytes are not a host image.</summary>
    public static string? ReadVersion(ReadOnlySpan<byte> head)
    {
        if (head.Length < Magic.Length + 2 || !head[..Magic.Length].SequenceEqual(Encoding.ASCII.GetBytes(Magic))) return null;
        int end = head[..Math.Min(head.Length, MaxHeader)].IndexOf((byte)'\n');
        if (end <= Magic.Length) return null;
        string version = Encoding.ASCII.GetString(head[Magic.Length..end]);
        return new SemVer().TryParse(version) ? version : null;
    }
}
