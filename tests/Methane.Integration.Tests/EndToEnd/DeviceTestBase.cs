using Methane.Firmware.Core.Connectivity;
using Methane.Testing;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>Own PKI and temp directory per test class; settings that keep a broker outage test to seconds.</summary>
public abstract class DeviceTestBase : IDisposable
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected DeviceTestBase(ITestOutputHelper output, string label)
    {
        Output = output;
        Pki = TestPki.Create(label);
        WorkDirectory = Path.Combine(Path.GetTempPath(), "methane-" + label + "-dev-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkDirectory);
    }

    protected ITestOutputHelper Output { get; }
    protected TestPki Pki { get; }
    protected string WorkDirectory { get; }

    protected string OutboxPath(string thing) => Path.Combine(WorkDirectory, thing + ".outbox");

    /// <summary>
    /// Production defaults except a short backoff (base 200 ms, cap 1 s) so the device notices a returning broker within
    /// about a second; the 1 s minimum between CONNECTs (AWS) still applies.
    /// </summary>
    protected static SessionSettings FastRetry() => new()
    {
        KeepAliveSeconds = 30,
        BackoffBaseMs = 200,
        BackoffCapMs = 1000,
        RandomSeed = 0x5eed,
    };

    public virtual void Dispose()
    {
        Pki.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
