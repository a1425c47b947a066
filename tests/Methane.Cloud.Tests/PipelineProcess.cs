using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Methane.Pki;
using Methane.Testing;

namespace Methane.Cloud.Tests;

/// <summary>
/// <c>methane-pipeline run</c> as its own process (the build output next to the tests), connected to a test broker as the
/// pipeline's service identity (<c>pki service methane-pipeline</c>). Stopped with a signal to its PID; killed by PID on
/// Dispose if it is still running.
/// </summary>
internal sealed partial class PipelineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PipelineProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static PipelineProcess Start(MosquittoBroker broker, TestPki pki, string dir) => Start(broker.Port, pki, dir);

    /// <summary>Pointed at <paramref name="port"/> on 127.0.0.1, where a broker may not be listening yet.</summary>
    public static PipelineProcess Start(int port, TestPki pki, string dir)
    {
        DeviceFiles identity = pki.Service(ServiceIdentity.Pipeline);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Methane.Cloud.Pipeline.dll"), "run",
            "--broker", $"{MosquittoBroker.Host}:{port}", "--ca", pki.CaCertificatePath,
            "--cert", identity.CertificatePath, "--key", identity.KeyPath, "--client-id", ServiceIdentity.Pipeline,
            "--db", Path.Combine(dir, "pipeline.duckdb"), "--archive", Path.Combine(dir, "archive"), "--sites", SynthesizedTemplates.SitesFile,
        })
        {
            info.ArgumentList.Add(a);
        }
        var p = new PipelineProcess(new Process { StartInfo = info });
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        await PipelineRestartTests.WaitUntil(() => Output.Contains(text, StringComparison.Ordinal) || _process.HasExited, timeout, $"'{text}' in the pipeline's output", () => Output);
        Assert.False(!Output.Contains(text, StringComparison.Ordinal) && _process.HasExited, "pipeline exited:\n" + Output);
    }

    /// <summary>The readings count of the newest status line (printed every 5 s).</summary>
    public long LastStoredCount()
    {
        MatchCollection m = StoredReadings().Matches(Output);
        return m.Count == 0 ? 0 : long.Parse(m[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Terminate() => Assert.Equal(0, kill(_process.Id, 15));

    /// <summary>SIGKILL: the process ends at once (a crash, a power cut of the host, the OOM killer).</summary>
    public void Kill() => Assert.Equal(0, kill(_process.Id, 9));

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"pipeline did not exit within {timeout}:\n{Output}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }

    [GeneratedRegex(@"stored (\d+) readings")]
    private static partial Regex StoredReadings();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
