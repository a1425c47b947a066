using Methane.Firmware.Host.Field;

namespace Methane.Firmware.Host.Commands;

/// <summary><c>board image [--out F] [A.pe B.pe …]</c>: packs the device build's assemblies into one application image.</summary>
public static class ImageCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CommandArguments.TryParse(args, ["--out", "--device-dir"], [], out var p, out string error))
        {
            stderr.WriteLine("board image: " + error);
            return 2;
        }
        List<string> inputs = p.Positional.ToList();
        string? output = p.Option("--out");
        if (inputs.Count == 0 || output is null)
        {
            string? root = HostPaths.RepositoryRoot();
            string? device = p.Option("--device-dir") ?? (root is null ? null : Path.Combine(root, "src", "Methane.Firmware.Device"));
            if (device is null)
            {
                stderr.WriteLine("board image: not inside the repository: give the .pe files and --out, or --device-dir");
                return 2;
            }
            if (inputs.Count == 0) inputs.AddRange(FlashPlan.ApplicationAssemblies(device));
            output ??= FlashPlan.ApplicationImagePath(device);
        }

        var parts = new List<ApplicationImageBuilder.Part>();
        foreach (string input in inputs)
        {
            try
            {
                parts.Add(new ApplicationImageBuilder.Part(Path.GetFileNameWithoutExtension(input), File.ReadAllBytes(input)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"board image: cannot read '{input}': {e.Message} (build the device projects first)");
                return 1;
            }
        }

        byte[] image;
        try
        {
            image = ApplicationImageBuilder.Build(parts);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine("board image: " + e.Message);
            return 1;
        }
        string full = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, image);
        stdout.WriteLine($"wrote {full}: {image.Length} bytes, " + string.Join(" + ", parts.Select(x => $"{x.Name} {x.Pe.Length} B")) + " (load order)");
        return 0;
    }
}
