using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Adapters.Ota;
using Methane.Firmware.Host.Commands;

namespace Methane.Firmware.Host.Jobs;

/// <summary>
/// OTA updates on the local stack: the jobs service on the embedded broker and the HTTPS image server beside it. An
/// operator's <c>job ota VERSION</c> builds a host image of that version, serves it, and queues an ota job (document checked
/// by the device's own validator) for the named things; the devices download, stage, reboot into it and confirm it.
/// </summary>
public sealed class LocalOta : IAsyncDisposable
{
    public const int ImageBytes = 96 * 1024;
    private int _jobs;

    private LocalOta(LocalJobsService service, LocalImageServer images, X509Certificate2Collection trust)
    {
        Service = service;
        Images = images;
        Trust = trust;
    }

    public LocalJobsService Service { get; }
    public LocalImageServer Images { get; }
    /// <summary>What the devices' downloader trusts (the development CA).</summary>
    public X509Certificate2Collection Trust { get; }

    public static async Task<LocalOta> StartAsync(MqttNetTransportOptions serviceOptions, X509Certificate2 imageServerCertificate,
        X509Certificate2Collection trust)
    {
        LocalImageServer images = await LocalImageServer.StartAsync(imageServerCertificate).ConfigureAwait(false);
        return new LocalOta(new LocalJobsService(serviceOptions), images, trust);
    }

    /// <summary>A device's downloader for the local image server.</summary>
    public HttpImageDownloader NewDownloader() => new(Trust, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

    /// <summary>
    /// Handles an operator line <c>job ota VERSION</c> for <paramref name="things"/>; returns what to print, or null when the
    /// line is not a job command.
    /// </summary>
    public string? Execute(string line, IReadOnlyList<string> things)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0] != "job") return null;
        if (words.Length != 3 || words[1] != "ota") return "usage: job ota VERSION   (queue an OTA job to VERSION, e.g. job ota 1.1.0)";
        return CreateOtaJob(words[2], things);
    }

    public string CreateOtaJob(string version, IReadOnlyList<string> things)
    {
        if (!new SemVer().TryParse(version)) return $"job ota: version '{version}': expected major.minor.patch, e.g. 1.1.0";
        byte[] image = HostImage.Build(version, ImageBytes, seed: version.GetHashCode(StringComparison.Ordinal));
        string url = Images.Serve("fw/" + version + ".img", image);
        string sha = Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant();
        string document = JobCommand.Document(version, url, image.Length, sha, force: false);
        var lines = new List<string>();
        foreach (string thing in things)
        {
            string jobId = $"ota-{version.Replace('.', '-')}-{Interlocked.Increment(ref _jobs)}";
            Service.Add(thing, jobId, document);
            lines.Add($"job {jobId} queued for {thing}: ota to {version} ({image.Length} bytes, sha256 {sha[..12]}…, {url})");
        }
        return string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await Images.DisposeAsync().ConfigureAwait(false);
    }
}
