using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using Methane.Pki;

namespace Methane.Broker;

/// <summary>
/// The methane-gate Mosquitto plugin (<c>mosquitto-plugin/*.c</c>, shipped inside this assembly): compiled with gcc on
/// first use into a per-user cache keyed by the sources' hash, so every broker of every run loads the same build and a
/// changed source is rebuilt. Needs gcc and the headers of Debian's mosquitto-dev, libmosquitto-dev and libssl-dev.
/// </summary>
public static class MosquittoPlugin
{
    public const string InstallHint = "apt-get install -y gcc mosquitto-dev libmosquitto-dev libssl-dev";

    private const string ResourcePrefix = "mosquitto-plugin/";
    private static readonly object Gate = new();
    private static string? _built;

    /// <summary>Path of the compiled plugin (built now if this source version was never built by this user).</summary>
    public static string EnsureBuilt()
    {
        lock (Gate)
        {
            return _built ??= Build();
        }
    }

    private static string Build()
    {
        Assembly assembly = typeof(MosquittoPlugin).Assembly;
        var sources = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            sources[name[ResourcePrefix.Length..]] = copy.ToArray();
        }
        if (sources.Count == 0) throw new InvalidOperationException("Methane.Broker was built without its mosquitto-plugin sources");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (KeyValuePair<string, byte[]> source in sources)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(source.Key + "\n"));
            hash.AppendData(source.Value);
        }
        string version = Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
        string cache = Path.Combine(Path.GetTempPath(), "methane-mosquitto-plugin-" + Environment.UserName);
        string directory = Path.Combine(cache, version);
        string library = Path.Combine(directory, "methane_gate.so");
        if (File.Exists(library)) return library;

        SecureFile.EnsureDirectory(cache);
        // Concurrent test processes each compile in their own directory and rename the result into place.
        string work = Path.Combine(cache, "build-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        SecureFile.EnsureDirectory(work);
        try
        {
            var files = new List<string>();
            foreach (KeyValuePair<string, byte[]> source in sources)
            {
                string path = Path.Combine(work, source.Key);
                File.WriteAllBytes(path, source.Value);
                if (path.EndsWith(".c", StringComparison.Ordinal)) files.Add(path);
            }
            string output = Path.Combine(work, "methane_gate.so");
            Compile(files, output, work);
            SecureFile.EnsureDirectory(directory);
            File.Move(output, library, overwrite: true);
            return library;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Compile(List<string> files, string output, string workDirectory)
    {
        var info = new ProcessStartInfo("gcc")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDirectory,
        };
        foreach (string a in new[] { "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", output }) info.ArgumentList.Add(a);
        foreach (string f in files) info.ArgumentList.Add(f);
        info.ArgumentList.Add("-lcrypto");
        Process gcc;
        try
        {
            gcc = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run gcc to build the Mosquitto plugin ({e.Message}); install it with: {InstallHint}", e);
        }
        using (gcc)
        {
            Task<string> stdout = gcc.StandardOutput.ReadToEndAsync();
            Task<string> stderr = gcc.StandardError.ReadToEndAsync();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc failed to build the Mosquitto plugin (exit {gcc.ExitCode}; missing headers? install: {InstallHint}):\n" +
                    stdout.Result + stderr.Result);
            }
        }
    }
}
