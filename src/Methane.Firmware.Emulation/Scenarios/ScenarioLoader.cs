using System.Text.Json;

namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>
/// Strict reader of scenario files: unknown or duplicate fields, wrong types, missing fields and out-of-range values are
/// errors naming the file, the JSON path and the value (<see cref="ScenarioFileException"/>).
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] RootFields = ["$schema", "name", "description", "seed", "durationSeconds", "sampleIntervalSeconds", "environment", "events", "sites"];
    private static readonly string[] EnvironmentFields = ["temperatureC", "temperatureAmplitudeC", "temperaturePeriodSeconds",
        "humidityPct", "humidityAmplitudePct", "humidityPeriodSeconds", "backgroundPpm", "sensorNoisePct"];
    private static readonly string[] EventTypes = ["leak", "drift", "i2cFault", "brokerOutage", "powerCut", "wind", "windFault"];
    private static readonly string[][] EventFields =
    [
        ["type", "devices", "startSeconds", "riseSeconds", "holdSeconds", "decaySeconds", "peakPpm"],
        ["type", "devices", "startSeconds", "durationSeconds", "rsChangePct"],
        ["type", "devices", "startSeconds", "durationSeconds", "chip", "fault"],
        ["type", "startSeconds", "durationSeconds"],
        ["type", "devices", "startSeconds", "durationSeconds"],
        ["type", "devices", "startSeconds", "speedMs", "directionDeg", "sigmaThetaDeg", "turbulencePct"],
        ["type", "devices", "startSeconds", "durationSeconds", "fault"],
    ];
    private static readonly string[] SiteFields = ["site", "wind", "releases"];
    private static readonly string[] SiteWindFields = ["startSeconds", "profile", "speedMs", "fromDeg", "meanderAmplitudeDeg", "meanderPeriodSeconds", "utcOffsetHours"];
    private static readonly string[] WindProfiles = ["steady", "meandering", "calm", "diurnalStability"];
    private static readonly string[] ReleaseFields = ["source", "rateKgPerHour", "startSeconds", "endSeconds"];
    private static readonly string[] WindFaults = ["vaneStuck", "noPulses", "vaneOutOfRange"];
    private static readonly string[] Chips = ["ads1115", "sht4x"];
    private static readonly string[] Faults = ["addressNack", "busError", "crc", "stuck", "saturated"];

    public static Scenario LoadFile(string path)
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFileException(path, "$", null, "expected a readable file (" + e.Message + ")", e);
        }
        return Parse(json, path);
    }

    public static Scenario Parse(string json, string file)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new ScenarioFileException(file, "$", null, $"expected valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message})", e);
        }
        using (doc) return new Reader(file).Read(doc.RootElement);
    }

    private sealed class Reader(string file)
    {
        public Scenario Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) throw Error("$", root, "a JSON object");
            Fields(root, "$", RootFields);
            string name = String(root, "$", "name");
            if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Error("$.name", root.GetProperty("name"), "1-64 characters of A-Z a-z 0-9 - _");
            }
            int duration = Int(root, "$", "durationSeconds", 1, 7 * 86400);
            int? sample = root.TryGetProperty("sampleIntervalSeconds", out _) ? Int(root, "$", "sampleIntervalSeconds", 1, 3600) : null;
            var env = root.TryGetProperty("environment", out var e) ? Environment(e) : new ScenarioEnvironment();
            var events = new List<ScenarioEvent>();
            if (root.TryGetProperty("events", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) throw Error("$.events", list, "an array of events");
                int i = 0;
                foreach (var item in list.EnumerateArray()) events.Add(Event(item, $"$.events[{i++}]", duration));
            }
            var sites = new List<ScenarioSite>();
            if (root.TryGetProperty("sites", out var siteList))
            {
                if (siteList.ValueKind != JsonValueKind.Array) throw Error("$.sites", siteList, "an array of sites");
                int i = 0;
                foreach (var item in siteList.EnumerateArray())
                {
                    var site = Site(item, $"$.sites[{i++}]", duration);
                    if (sites.Any(s => s.Site == site.Site)) throw Error(site.Path + ".site", item.GetProperty("site"), "a site not listed before in $.sites");
                    sites.Add(site);
                }
            }
            return new Scenario
            {
                Sites = sites,
                Name = name,
                Description = root.TryGetProperty("description", out _) ? String(root, "$", "description") : "",
                Seed = Int(root, "$", "seed", 0, int.MaxValue),
                DurationSeconds = duration,
                SampleIntervalSeconds = sample,
                Environment = env,
                Events = events,
                File = file,
            };
        }

        private ScenarioEnvironment Environment(JsonElement e)
        {
            const string p = "$.environment";
            if (e.ValueKind != JsonValueKind.Object) throw Error(p, e, "an object");
            Fields(e, p, EnvironmentFields);
            return new ScenarioEnvironment
            {
                TemperatureC = Opt(e, p, "temperatureC", -40, 125, 20),
                TemperatureAmplitudeC = Opt(e, p, "temperatureAmplitudeC", 0, 50, 0),
                TemperaturePeriodSeconds = Opt(e, p, "temperaturePeriodSeconds", 10, 10 * 86400, 3600),
                HumidityPct = Opt(e, p, "humidityPct", 0, 100, 50),
                HumidityAmplitudePct = Opt(e, p, "humidityAmplitudePct", 0, 50, 0),
                HumidityPeriodSeconds = Opt(e, p, "humidityPeriodSeconds", 10, 10 * 86400, 3600),
                BackgroundPpm = Opt(e, p, "backgroundPpm", 0, 1_000_000, 0),
                SensorNoisePct = Opt(e, p, "sensorNoisePct", 0, 20, 0),
            };
        }

        private ScenarioSite Site(JsonElement e, string p, int duration)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(p, e, "a site object");
            Fields(e, p, SiteFields);
            string site = String(e, p, "site");
            if (site.Length == 0) throw Error(p + ".site", e.GetProperty("site"), "a site id of the sites file");
            var wind = new List<SiteWind>();
            if (e.TryGetProperty("wind", out var w))
            {
                // One profile for the run, or a time series of segments (each from its startSeconds, the first at 0).
                if (w.ValueKind == JsonValueKind.Object) wind.Add(Wind(w, p + ".wind", duration));
                else if (w.ValueKind == JsonValueKind.Array && w.GetArrayLength() > 0)
                {
                    int k = 0;
                    foreach (var segment in w.EnumerateArray())
                    {
                        string wp = $"{p}.wind[{k++}]";
                        SiteWind next = Wind(segment, wp, duration);
                        bool first = wind.Count == 0;
                        if (first ? next.StartSeconds != 0 : next.StartSeconds <= wind[^1].StartSeconds)
                            throw Error(wp + ".startSeconds", segment.TryGetProperty("startSeconds", out var st) ? st : segment,
                                first ? "0 (the first segment starts the run)" : $"after the previous segment's start ({wind[^1].StartSeconds})");
                        wind.Add(next);
                    }
                }
                else throw Error(p + ".wind", w, "a wind object or a non-empty array of them");
            }
            else wind.Add(new SiteWind());
            var releases = new List<ScriptedRelease>();
            if (e.TryGetProperty("releases", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) throw Error(p + ".releases", list, "an array of releases");
                int i = 0;
                foreach (var r in list.EnumerateArray())
                {
                    string rp = $"{p}.releases[{i++}]";
                    if (r.ValueKind != JsonValueKind.Object) throw Error(rp, r, "a release object");
                    Fields(r, rp, ReleaseFields);
                    double start = Num(r, rp, "startSeconds", 0, duration);
                    double end = Num(r, rp, "endSeconds", 0, duration);
                    if (end <= start) throw Error(rp + ".endSeconds", r.GetProperty("endSeconds"), $"after startSeconds ({start})");
                    releases.Add(new ScriptedRelease
                    {
                        Source = String(r, rp, "source"), RateKgPerHour = Num(r, rp, "rateKgPerHour", 0.001, 10_000),
                        StartSeconds = start, EndSeconds = end, Path = rp,
                    });
                }
            }
            return new ScenarioSite { Site = site, Wind = wind, Releases = releases, Path = p };
        }

        private SiteWind Wind(JsonElement w, string wp, int duration)
        {
            if (w.ValueKind != JsonValueKind.Object) throw Error(wp, w, "an object");
            Fields(w, wp, SiteWindFields);
            string profile = String(w, wp, "profile");
            int k = Array.IndexOf(WindProfiles, profile);
            if (k < 0) throw Error(wp + ".profile", w.GetProperty("profile"), "one of " + string.Join(", ", WindProfiles.Select(x => "\"" + x + "\"")));
            return new SiteWind
            {
                StartSeconds = Opt(w, wp, "startSeconds", 0, duration, 0),
                Profile = (SiteWindProfile)k,
                SpeedMs = Opt(w, wp, "speedMs", 0.1, 30, 3),
                FromDeg = Opt(w, wp, "fromDeg", 0, 360, 270),
                MeanderAmplitudeDeg = Opt(w, wp, "meanderAmplitudeDeg", 0, 90, 30),
                MeanderPeriodSeconds = Opt(w, wp, "meanderPeriodSeconds", 10, 86400, 300),
                UtcOffsetHours = Opt(w, wp, "utcOffsetHours", -12, 14, 0),
            };
        }

        private ScenarioEvent Event(JsonElement e, string p, int duration)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(p, e, "an event object");
            string typeName = String(e, p, "type");
            int type = Array.IndexOf(EventTypes, typeName);
            if (type < 0) throw Error(p + ".type", e.GetProperty("type"), "one of " + string.Join(", ", EventTypes.Select(t => "\"" + t + "\"")));
            Fields(e, p, EventFields[type]);
            IReadOnlyList<int>? devices = null;
            if (e.TryGetProperty("devices", out var d))
            {
                if (d.ValueKind != JsonValueKind.Array || d.GetArrayLength() == 0) throw Error(p + ".devices", d, "a non-empty array of device indexes (omit it for every device)");
                var l = new List<int>();
                int k = 0;
                foreach (var x in d.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out int v) || v < 0 || v > 100_000) throw Error($"{p}.devices[{k}]", x, "a device index 0 to 100000");
                    l.Add(v);
                    k++;
                }
                devices = l;
            }
            double start = Num(e, p, "startSeconds", 0, duration);
            var kind = (ScenarioEventType)type;
            switch (kind)
            {
                case ScenarioEventType.Leak:
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p,
                        PeakPpm = Num(e, p, "peakPpm", 1, 1_000_000),
                        RiseSeconds = Num(e, p, "riseSeconds", 0, 86400),
                        HoldSeconds = Num(e, p, "holdSeconds", 0, 86400),
                        DecaySeconds = Num(e, p, "decaySeconds", 1, 86400),
                    };
                case ScenarioEventType.Drift:
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p,
                        DurationSeconds = Num(e, p, "durationSeconds", 1, 365 * 86400.0),
                        RsChangePct = Num(e, p, "rsChangePct", -90, 500),
                    };
                case ScenarioEventType.I2cFault:
                    string chip = String(e, p, "chip");
                    if (!Chips.Contains(chip)) throw Error(p + ".chip", e.GetProperty("chip"), "\"ads1115\" or \"sht4x\"");
                    string fault = String(e, p, "fault");
                    int f = Array.IndexOf(Faults, fault);
                    if (f < 0) throw Error(p + ".fault", e.GetProperty("fault"), "one of " + string.Join(", ", Faults.Select(t => "\"" + t + "\"")));
                    if ((I2cFaultKind)f == I2cFaultKind.Crc && chip != "sht4x") throw Error(p + ".fault", e.GetProperty("fault"), "a fault the ADS1115 can have (it has no CRC)");
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p, Chip = chip, Fault = (I2cFaultKind)f,
                        DurationSeconds = Num(e, p, "durationSeconds", 1, 7 * 86400),
                    };
                case ScenarioEventType.Wind:
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p,
                        SpeedMs = Num(e, p, "speedMs", 0, 80),
                        DirectionDeg = Num(e, p, "directionDeg", 0, 360),
                        SigmaThetaDeg = Opt(e, p, "sigmaThetaDeg", 0, 100, 10),
                        TurbulencePct = Opt(e, p, "turbulencePct", 0, 100, 20),
                    };
                case ScenarioEventType.WindFault:
                    string wf = String(e, p, "fault");
                    int w = Array.IndexOf(WindFaults, wf);
                    if (w < 0) throw Error(p + ".fault", e.GetProperty("fault"), "one of " + string.Join(", ", WindFaults.Select(x => "\"" + x + "\"")));
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p, WindFault = (WindFaultKind)w,
                        DurationSeconds = Num(e, p, "durationSeconds", 1, 7 * 86400),
                    };
                default:
                    return new ScenarioEvent
                    {
                        Type = kind, Devices = devices, StartSeconds = start, Path = p,
                        DurationSeconds = Num(e, p, "durationSeconds", 1, 86400),
                    };
            }
        }

        private void Fields(JsonElement obj, string path, string[] allowed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    throw new ScenarioFileException(file, path + "." + property.Name, null, "unknown field; expected one of " + string.Join(", ", allowed));
                }
                if (!seen.Add(property.Name)) throw new ScenarioFileException(file, path + "." + property.Name, null, "duplicate field");
            }
        }

        private JsonElement Required(JsonElement obj, string path, string name, string what) =>
            obj.TryGetProperty(name, out var v) ? v : throw new ScenarioFileException(file, path + "." + name, null, $"missing required field ({what})");

        private string String(JsonElement obj, string path, string name)
        {
            var v = Required(obj, path, name, "a string");
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(path + "." + name, v, "a string");
        }

        private double Num(JsonElement obj, string path, string name, double min, double max)
        {
            var v = Required(obj, path, name, $"a number {min} to {max}");
            return Check(v, path + "." + name, min, max);
        }

        private double Opt(JsonElement obj, string path, string name, double min, double max, double fallback) =>
            obj.TryGetProperty(name, out var v) ? Check(v, path + "." + name, min, max) : fallback;

        private double Check(JsonElement v, string path, double min, double max)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d)) throw Error(path, v, $"a number {min} to {max}");
            if (d < min || d > max) throw Error(path, v, $"{min} to {max}");
            return d;
        }

        private int Int(JsonElement obj, string path, string name, int min, int max)
        {
            var v = Required(obj, path, name, $"an integer {min} to {max}");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i)) throw Error(path + "." + name, v, $"an integer {min} to {max}");
            if (i < min || i > max) throw Error(path + "." + name, v, $"{min} to {max}");
            return i;
        }

        private ScenarioFileException Error(string path, JsonElement value, string expected) => new(file, path, value.GetRawText(), expected);
    }
}
