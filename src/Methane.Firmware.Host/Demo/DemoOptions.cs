namespace Methane.Firmware.Host.Demo;

public sealed class DemoOptions
{
    public string Scenario { get; set; } = "leak-two-sites";
    public string Board { get; set; } = "esp32-devkitc-tgs2611";
    /// <summary>Devices, spread over two sites (first half north, second half south).</summary>
    public int Devices { get; set; } = 6;
    /// <summary>Virtual seconds per real second; 0 = as fast as possible.</summary>
    public double Speed { get; set; } = 60;
    public bool RealTime { get; set; }
    public bool Headless { get; set; }
    /// <summary>Development PKI directory (generated when absent).</summary>
    public string PkiDirectory { get; set; } = Commands.PkiCommand.DefaultDirectory();
    /// <summary>External broker host:port; null = embedded broker.</summary>
    public string? Broker { get; set; }
    public string? Ca { get; set; }
    public string? Cert { get; set; }
    public string? Key { get; set; }
    public string Site { get; set; } = "site-north";
    public string? ObserverCert { get; set; }
    public string? ObserverKey { get; set; }
    /// <summary>Run the local cloud pipeline (validate, enrich, DuckDB, raw archive) beside the embedded broker.</summary>
    public bool Pipeline { get; set; } = true;
    /// <summary>Where the pipeline writes its DuckDB file and archive; null = .run/demo under the repository (git-ignored).</summary>
    public string? PipelineDirectory { get; set; }
    /// <summary>Queue an OTA job to this version for every device (embedded broker only); null = none.</summary>
    public string? OtaVersion { get; set; }
    /// <summary>Scenario second at which the OTA job is queued.</summary>
    public int OtaAtSeconds { get; set; } = 60;
    /// <summary>The devices' device.publishIntervalSeconds; null = the firmware default.</summary>
    public int? PublishIntervalSeconds { get; set; }
    /// <summary>The devices' device.healthIntervalSeconds; null = the firmware default.</summary>
    public int? HealthIntervalSeconds { get; set; }
    /// <summary>Write the measured traffic (messages, bytes, 5 KB units by topic) as JSON here, for the <c>cost</c> command.</summary>
    public string? TrafficJson { get; set; }
    /// <summary>The wall-clock time the run treats as now (tests: a fixed time of day); null = the current time.</summary>
    public DateTimeOffset? Now { get; set; }
    /// <summary>Virtual seconds between two readings tables in the live view.</summary>
    public int TableEverySeconds { get; set; } = 120;
}
