using System.Globalization;
using Methane.Firmware.Host.Commands;

namespace Methane.Firmware.Host.Fleet;

/// <summary>What a fleet run does; parsed from the command line with one-line errors.</summary>
public sealed class FleetOptions
{
    public const string EmbeddedBroker = "embedded";
    public const string MosquittoBroker = "mosquitto";

    /// <summary>The embedded broker in a child process ('methane-host broker'): its own open-file limit, CPU and memory.</summary>
    public const string EmbeddedProcessBroker = "embedded-process";

    public int Devices { get; set; } = 100;
    public int Sites { get; set; } = 5;
    /// <summary>Sample interval; default: the scenario's, else 10 s.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Scenario name (from the shipped scenarios) or file; default clean-air.</summary>
    public string Scenario { get; set; } = "clean-air";
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The measurement window, counted from the moment the whole fleet is online (or the ramp gave up).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>"embedded", "mosquitto" (started for the run) or host:port of a running broker.</summary>
    public string Broker { get; set; } = EmbeddedBroker;

    /// <summary>External broker: the CA bundle that signed its certificate (default: ca.pem in <see cref="CertDirectory"/>).</summary>
    public string? CaFile { get; set; }

    /// <summary>External broker: a development PKI directory (ca.pem + ca-key.pem) that signs device certificates on the fly.</summary>
    public string? CertDirectory { get; set; }

    /// <summary>CN (and client id) of the read-only subscriber that counts what arrives.</summary>
    public string Observer { get; set; } = "methane-observer";

    /// <summary>Devices started per second (each at a random moment within its slot).</summary>
    public double RampPerSecond { get; set; } = 100;

    /// <summary>How long the fleet may take to come online before the measurement starts anyway.</summary>
    public TimeSpan? RampTimeout { get; set; }

    /// <summary>After the window: how long devices may take to deliver what they queued.</summary>
    public TimeSpan Drain { get; set; } = TimeSpan.FromSeconds(60);

    public int TickThreads { get; set; } = 2;
    public int ConnectThreads { get; set; } = 8;
    public int Seed { get; set; } = 1;
    public string ThingPrefix { get; set; } = "fleet";
    public string? BoardFile { get; set; }
    public bool Headless { get; set; }
    public TimeSpan ReportEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default: four times the planned ramp plus two minutes (TLS handshakes are slower than the ramp on a busy machine).</summary>
    public TimeSpan EffectiveRampTimeout => RampTimeout ?? TimeSpan.FromSeconds(4 * Devices / RampPerSecond + 120);

    public string ThingName(int index) => ThingPrefix + "-" + index.ToString("D5", CultureInfo.InvariantCulture);

    public string SiteName(int index) => "site-" + (index % Sites).ToString("D3", CultureInfo.InvariantCulture);

    public static readonly string[] Valued =
    {
        "--devices", "--sites", "--interval", "--health", "--duration", "--broker", "--ca", "--cert-dir", "--observer", "--ramp",
        "--ramp-timeout", "--drain", "--scenario", "--tick-threads", "--connect-threads", "--seed", "--thing-prefix", "--board", "--every",
    };

    public static readonly string[] Switches = { "--headless" };

    public static bool TryParse(string[] args, out FleetOptions options, out string error)
    {
        options = new FleetOptions();
        if (!CommandArguments.TryParse(args, Valued, Switches, out CommandArguments a, out error)) return false;
        if (a.Positional.Count > 0)
        {
            error = $"unexpected argument '{a.Positional[0]}'";
            return false;
        }
        FleetOptions o = options;
        bool ok = Int(a, "--devices", 1, 100_000, v => o.Devices = v, ref error)
            && Int(a, "--sites", 1, 10_000, v => o.Sites = v, ref error)
            && Time(a, "--interval", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), v => o.Interval = v, ref error)
            && Time(a, "--health", TimeSpan.FromSeconds(10), TimeSpan.FromDays(1), v => o.HealthInterval = v, ref error)
            && Time(a, "--duration", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), v => o.Duration = v, ref error)
            && Time(a, "--ramp-timeout", TimeSpan.FromSeconds(1), TimeSpan.FromHours(2), v => o.RampTimeout = v, ref error)
            && Time(a, "--drain", TimeSpan.Zero, TimeSpan.FromHours(1), v => o.Drain = v, ref error)
            && Time(a, "--every", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), v => o.ReportEvery = v, ref error)
            && Int(a, "--tick-threads", 1, 64, v => o.TickThreads = v, ref error)
            && Int(a, "--connect-threads", 1, 256, v => o.ConnectThreads = v, ref error)
            && Int(a, "--seed", int.MinValue, int.MaxValue, v => o.Seed = v, ref error)
            && Double(a, "--ramp", 0.1, 100_000, v => o.RampPerSecond = v, ref error);
        if (!ok) return false;
        if (o.Sites > o.Devices)
        {
            error = $"--sites {o.Sites} is more than --devices {o.Devices}";
            return false;
        }
        if (o.Interval is TimeSpan iv && iv.TotalSeconds != Math.Floor(iv.TotalSeconds))
        {
            error = $"--interval {a.Option("--interval")}: the firmware samples in whole seconds";
            return false;
        }
        o.Broker = a.Option("--broker") ?? o.Broker;
        if (o.IsExternal && !TryHostPort(o.Broker, out _, out _))
        {
            error = $"--broker '{o.Broker}': expected embedded, embedded-process, mosquitto or host:port";
            return false;
        }
        o.CaFile = a.Option("--ca");
        o.CertDirectory = a.Option("--cert-dir");
        if (o.IsExternal && o.CertDirectory == null)
        {
            error = "--broker host:port needs --cert-dir DIR (a development PKI with ca.pem and ca-key.pem that the broker trusts)";
            return false;
        }
        if (!o.IsExternal && (o.CaFile != null || o.CertDirectory != null))
        {
            error = "--ca and --cert-dir are for --broker host:port; embedded and mosquitto runs make their own PKI";
            return false;
        }
        o.Observer = a.Option("--observer") ?? o.Observer;
        o.ThingPrefix = a.Option("--thing-prefix") ?? o.ThingPrefix;
        if (!Core.Mqtt.TopicNames.IsValidThingName(o.ThingName(0)) || o.ThingPrefix.Length > 100)
        {
            error = $"--thing-prefix '{o.ThingPrefix}': thing names allow A-Z a-z 0-9 _ - : only";
            return false;
        }
        o.BoardFile = a.Option("--board");
        o.Scenario = a.Option("--scenario") ?? o.Scenario;
        o.Headless = a.Flag("--headless");
        return true;
    }

    public bool IsExternal => Broker != EmbeddedBroker && Broker != MosquittoBroker && Broker != EmbeddedProcessBroker;

    public static bool TryHostPort(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        host = text[..colon];
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    /// <summary>"500ms", "10s", "5m", "1h" or plain seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        string t = text.Trim();
        double scale = 1;
        if (t.EndsWith("ms", StringComparison.Ordinal)) { scale = 0.001; t = t[..^2]; }
        else if (t.EndsWith('s')) { t = t[..^1]; }
        else if (t.EndsWith('m')) { scale = 60; t = t[..^1]; }
        else if (t.EndsWith('h')) { scale = 3600; t = t[..^1]; }
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || n < 0) return false;
        value = TimeSpan.FromSeconds(n * scale);
        return true;
    }

    private static bool Int(CommandArguments a, string name, int min, int max, Action<int> set, ref string error)
    {
        string? text = a.Option(name);
        if (text == null) return true;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            error = $"{name} '{text}': expected a whole number from {min} to {max}";
            return false;
        }
        set(v);
        return true;
    }

    private static bool Double(CommandArguments a, string name, double min, double max, Action<double> set, ref string error)
    {
        string? text = a.Option(name);
        if (text == null) return true;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || v < min || v > max)
        {
            error = $"{name} '{text}': expected a number from {min} to {max}";
            return false;
        }
        set(v);
        return true;
    }

    private static bool Time(CommandArguments a, string name, TimeSpan min, TimeSpan max, Action<TimeSpan> set, ref string error)
    {
        string? text = a.Option(name);
        if (text == null) return true;
        if (!TryParseDuration(text, out TimeSpan v) || v < min || v > max)
        {
            error = $"{name} '{text}': expected a duration such as 500ms, 10s, 5m or 1h, from {min} to {max}";
            return false;
        }
        set(v);
        return true;
    }
}
