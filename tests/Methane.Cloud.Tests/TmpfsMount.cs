using System.Diagnostics;

namespace Methane.Cloud.Tests;

/// <summary>A small tmpfs mounted for one test (a disk that really fills up); unmounted and removed on Dispose. Needs root.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static TmpfsMount Create(long sizeBytes)
    {
        string dir = TestData.TempDir();
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=700", "tmpfs", dir);
        return new TmpfsMount(dir);
    }

    public void Dispose()
    {
        // A process started meanwhile by a test running in parallel (a broker, a pipeline) may have inherited a descriptor
        // of a file on the mount (native code opens without O_CLOEXEC): then detach it now and let the kernel free it when
        // that process ends.
        if (!TryRun("umount", Path)) Run("umount", "--lazy", Path);
        Directory.Delete(Path);
    }

    private static bool TryRun(string file, params string[] args)
    {
        try
        {
            Run(file, args);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {err}");
    }
}

/// <summary>A Mosquitto fact that also mounts a tmpfs: skipped (with the reason) when the test run is not root.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        Skip = new Methane.Testing.MosquittoFactAttribute().Skip;
        if (Skip == null && !Environment.IsPrivilegedProcess) Skip = "needs root to mount a small tmpfs (a disk that fills up)";
    }
}
