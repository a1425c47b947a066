using System.Globalization;
using System.Runtime.InteropServices;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Cost;
using Methane.Pki;

// methane-pipeline: run | report | bench | cost (see Usage).
return args.Length > 0 && args[0] == "report" ? Report(Options(args[1..]))
    : args.Length > 0 && args[0] == "cost" ? CostCommand.Run(Options(args[1..]), Console.Out, Console.Error)
    : args.Length > 0 && args[0] == "bench" ? await BenchCommand(Options(args[1..]))
    : args.Length > 0 && (args[0] == "-h" || args[0] == "--help") ? Usage()
    : await Run(Options(args.Length > 0 && args[0] == "run" ? args[1..] : args));

static int Usage()
{
    Console.WriteLine("""
        usage:
          run    --broker host:port --ca ca.pem --cert client.pem --key client.key [--client-id id] [--db methane.duckdb]
                 [--archive archive] [--sites sites.json]         subscribe, validate, enrich, store; Ctrl+C or SIGTERM
                                                                  stops after storing what arrived (exit 3: some left unstored)
          report --db methane.duckdb [--out report]               PNG charts of a local run
          bench  [--messages 40000] [--devices 4] [--window 100] [--work dir]
                                                                  drain rates of a queued backlog: plain subscriber
                                                                  vs pipeline through Mosquitto; DuckDB append alone
          cost   --run traffic.json [--before traffic.json] [--prices prices.json] [--fleets 1000,10000]
                                                                  $/device-month by AWS component from a measured run
        """);
    return 2;
}

static Dictionary<string, string> Options(string[] args)
{
    var o = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --option, got '{args[i]}'");
        o[args[i][2..]] = args[i + 1];
    }
    return o;
}

static async Task<int> Run(Dictionary<string, string> o)
{
    if (!o.TryGetValue("broker", out string? broker)) return Usage();
    int colon = broker.LastIndexOf(':');
    var options = new PipelineOptions
    {
        BrokerHost = broker[..colon],
        BrokerPort = int.Parse(broker[(colon + 1)..], CultureInfo.InvariantCulture),
        CaCertificate = o.TryGetValue("ca", out string? ca) ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(ca) : null,
        ClientCertificate = o.TryGetValue("cert", out string? cert) ? TlsCredentials.LoadCertificateWithKey(cert, o["key"]) : null,
        ClientId = o.GetValueOrDefault("client-id", "methane-pipeline"),
        DatabasePath = o.GetValueOrDefault("db", "methane.duckdb"),
        ArchiveRoot = o.GetValueOrDefault("archive", "archive"),
        SitesFile = o.GetValueOrDefault("sites", Methane.Cloud.Enrichment.SiteCatalog.DefaultPath),
        RetryFirstConnect = true,
        Log = line => Console.WriteLine(DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line),
    };
    using var stop = new CancellationTokenSource();
    // SIGTERM (systemd, docker stop, kill) and SIGINT (Ctrl+C) both stop gracefully: drain, acknowledge, close the archive.
    using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
    MethanePipeline pipeline;
    try
    {
        // A broker that is not up yet is retried with backoff (state Reconnecting); only a stop during the first connect ends here.
        pipeline = await MethanePipeline.StartAsync(options, stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.WriteLine("stopped before the first connect: nothing received");
        return 0;
    }
    Console.WriteLine($"pipeline running: broker {broker}; store {options.DatabasePath}, archive {options.ArchiveRoot}");
    while (!stop.IsCancellationRequested)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(5), stop.Token); } catch (OperationCanceledException) { break; }
        Console.WriteLine(pipeline.Status);
    }
    long left = await pipeline.StopAsync();
    Console.WriteLine($"stopped: drain {pipeline.DrainMs} ms, {left} unstored; {pipeline.Status}");
    return left == 0 ? 0 : 3;
}

static int Report(Dictionary<string, string> o)
{
    string db = o.GetValueOrDefault("db", "methane.duckdb");
    if (!File.Exists(db))
    {
        Console.Error.WriteLine($"no store at {db}");
        return 1;
    }
    using var store = new DuckDbStore(db);
    foreach (string f in ReportRenderer.Render(store, o.GetValueOrDefault("out", "report"))) Console.WriteLine(f);
    return 0;
}

static async Task<int> BenchCommand(Dictionary<string, string> o)
{
    int messages = int.Parse(o.GetValueOrDefault("messages", "40000"), CultureInfo.InvariantCulture);
    int devices = int.Parse(o.GetValueOrDefault("devices", "4"), CultureInfo.InvariantCulture);
    int window = int.Parse(o.GetValueOrDefault("window", "100"), CultureInfo.InvariantCulture);
    string work = o.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "methane-bench-" + Environment.ProcessId));
    BenchResult r = await Bench.RunAsync(messages, devices, window, work, Console.Out);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        backlog per consumer:    {r.Messages} messages ({devices} devices, QoS 1, queued by Mosquitto for the consumer's persistent session)
        plain subscriber drain:  {r.PlainRate:F0} msg/s (lost {r.PlainLost})
        pipeline drain:          {r.PipelineRate:F0} msg/s into DuckDB + archive (lost {r.PipelineLost})
        ratio pipeline/plain:    {r.Ratio:P1}
        processor in-process:    {r.ProcessorRate:F0} msg/s (decode, enrich, DuckDB, archive; no broker)
        duckdb append alone:     {r.DuckDbAppendRate:F0} readings/s (appender, one transaction per 5000)
        """));
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    // Rates are reported, not judged (they depend on the machine); losing a message is a failure.
    return r.PipelineLost == 0 && r.PlainLost == 0 ? 0 : 1;
}
