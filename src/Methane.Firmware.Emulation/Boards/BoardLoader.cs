using System.Globalization;
using System.Text.Json;
using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// Reads a <c>boards/*.json</c> file into the core's <see cref="BoardConfig"/>. Strict: unknown or duplicate fields,
/// wrong JSON types, missing fields, malformed addresses and out-of-range values are all errors
/// (<see cref="BoardFileException"/>) naming the file, the JSON path, the value and what was expected. Range checks are
/// the core's own Validate methods, so the board file, the shadow and the device agree on what is allowed.
/// </summary>
public static class BoardLoader
{
    // firmware, statusLed and console are the field facts: read by BoardFieldLoader, not part of the core's BoardConfig.
    private static readonly string[] RootFields = ["$schema", "name", "description", "mcu", "firmware", "statusLed", "console", "i2c", "parts", "calibration", "filter", "alarm", "sensing", "role", "ambient", "wind"];
    private static readonly string[] I2cFields = ["busId", "sdaPin", "sclPin", "frequencyHz"];
    private static readonly string[] PartsFields = ["ads1115", "sht4x", "tgs2611", "anemometer", "windVane"];
    private static readonly string[] AnemometerFields = ["model", "pulsePin", "mphPerHz", "maxSpeedMs"];
    private static readonly string[] VaneFields = ["model", "excitationVolts", "offsetDeg"];
    private static readonly string[] WindFields = ["sampleMilliseconds", "calmSpeedMs"];
    private static readonly string[] AmbientFields = ["intercept", "lnRsSlope", "temperatureSlope", "humiditySlope",
        "temperatureSquaredSlope", "temperatureHumiditySlope", "driftPerDay",
        "epochDay", "sigmaPpm", "fitted"];
    // Sections of a gas board that a met station (no methane sensor) must not have, and the reverse.
    private static readonly string[] GasOnly = ["calibration", "filter", "alarm", "ambient"];
    private static readonly string[] MetOnly = ["wind"];
    public const string AnemometerModel = "Davis 6410";
    private static readonly string[] AdsFields = ["address", "fullScaleMillivolts", "dataRateSps", "channel"];
    private static readonly string[] ShtFields = ["address"];
    private static readonly string[] TgsFields = ["model", "heaterVolts"];
    private static readonly string[] CalibrationFields = ["loadResistorOhms", "circuitVolts", "dividerRatio", "r0Ohms", "curveA", "curveB",
        "cleanAirRsR0", "lelPpm", "referenceTemperatureC", "referenceHumidityPct", "temperatureCoefficientPerC", "humidityCoefficientPerPct"];
    private static readonly string[] FilterFields = ["medianWindow", "emaAlpha", "stuckSampleCount", "baselineCleanAirPpm",
        "baselineTimeConstantSeconds", "baselineMaxCorrection"];
    private static readonly string[] AlarmFields = ["lowLelPct", "highLelPct", "hysteresisLelPct", "confirmSamples",
        "rateOfRisePpmPerMinute", "rateOfRiseWindowSeconds"];
    private static readonly string[] SensingFields = ["warmUpSeconds", "temperatureMinC", "temperatureMaxC", "humidityMinPct", "humidityMaxPct"];

    /// <summary>Supported methane sensor models (the calibration defaults are for this variant).</summary>
    public const string SensorModel = "TGS2611-E00";

    /// <summary>Loads a board file; <c>name</c> must equal the file name without extension.</summary>
    public static BoardConfig LoadFile(string path)
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BoardFileException(path, "$", null, "expected a readable file (" + e.Message + ")", e);
        }
        return Parse(json, path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses board JSON; <paramref name="file"/> is only used in error messages.</summary>
    public static BoardConfig Parse(string json, string file, string? expectedName = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new BoardFileException(file, "$", null, $"expected valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message})", e);
        }
        using (doc)
        {
            return new Reader(file).Board(doc.RootElement, expectedName);
        }
    }

    private sealed class Reader(string file)
    {
        public BoardConfig Board(JsonElement root, string? expectedName)
        {
            if (root.ValueKind != JsonValueKind.Object) { throw Error("$", root, "a JSON object"); }
            CheckFields(root, "$", RootFields);

            var board = new BoardConfig
            {
                Name = String(root, "$", "name"),
                Mcu = String(root, "$", "mcu"),
            };
            if (root.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.String)
            {
                throw Error("$.description", description, "a string");
            }
            if (expectedName is not null && board.Name != expectedName)
            {
                throw Error("$.name", root.GetProperty("name"), $"\"{expectedName}\" (the file name without .json)");
            }

            var i2c = Object(root, "$", "i2c", I2cFields);
            board.I2c.BusId = Integer(i2c, "$.i2c", "busId");
            board.I2c.SdaPin = Integer(i2c, "$.i2c", "sdaPin");
            board.I2c.SclPin = Integer(i2c, "$.i2c", "sclPin");
            board.I2c.FrequencyHz = Integer(i2c, "$.i2c", "frequencyHz");

            board.Role = root.TryGetProperty("role", out _) ? String(root, "$", "role") : BoardConfig.RoleGas;
            if (board.Role != BoardConfig.RoleGas && board.Role != BoardConfig.RoleMet)
            {
                throw Error("$.role", root.GetProperty("role"), "\"gas\" or \"met\"");
            }
            bool met = board.IsMetStation;
            foreach (string section in met ? GasOnly : MetOnly)
            {
                if (root.TryGetProperty(section, out _))
                {
                    throw new BoardFileException(file, "$." + section, null,
                        met ? "no such section on a met-station board (it has no methane sensor): remove it"
                            : "no such section on a gas-sensor board (\"role\": \"met\" selects the met station)");
                }
            }

            var parts = Object(root, "$", "parts", PartsFields);
            foreach (string part in met ? new[] { "tgs2611" } : new[] { "anemometer", "windVane" })
            {
                if (parts.TryGetProperty(part, out _))
                {
                    throw new BoardFileException(file, "$.parts." + part, null, met
                        ? "no TGS2611 on a met-station board: remove it"
                        : "no wind part on a gas-sensor board (\"role\": \"met\" selects the met station)");
                }
            }
            var ads = Object(parts, "$.parts", "ads1115", AdsFields);
            board.Adc.Address = Address(ads, "$.parts.ads1115", "address");
            board.Adc.FullScaleMillivolts = Integer(ads, "$.parts.ads1115", "fullScaleMillivolts");
            board.Adc.DataRateSps = Integer(ads, "$.parts.ads1115", "dataRateSps");
            board.Adc.Channel = Integer(ads, "$.parts.ads1115", "channel");
            var sht = Object(parts, "$.parts", "sht4x", ShtFields);
            board.EnvSensor.Address = Address(sht, "$.parts.sht4x", "address");
            if (met) { MetParts(root, parts, board); }
            else { GasParts(root, parts, board); }

            var sensing = Object(root, "$", "sensing", SensingFields);
            const string s = "$.sensing";
            board.Sensing.WarmUpSeconds = Integer(sensing, s, "warmUpSeconds");
            board.Sensing.TemperatureMinC = Number(sensing, s, "temperatureMinC");
            board.Sensing.TemperatureMaxC = Number(sensing, s, "temperatureMaxC");
            board.Sensing.HumidityMinPct = Number(sensing, s, "humidityMinPct");
            board.Sensing.HumidityMaxPct = Number(sensing, s, "humidityMaxPct");

            string? reason = board.Validate();
            if (reason is not null) { throw FromReason(root, reason); }
            return board;
        }

        private void GasParts(JsonElement root, JsonElement parts, BoardConfig board)
        {
            var tgs = Object(parts, "$.parts", "tgs2611", TgsFields);
            if (String(tgs, "$.parts.tgs2611", "model") != SensorModel)
            {
                throw Error("$.parts.tgs2611.model", tgs.GetProperty("model"), $"\"{SensorModel}\"");
            }
            double heater = Number(tgs, "$.parts.tgs2611", "heaterVolts");
            if (!(heater >= 4.8 && heater <= 5.2))
            {
                throw Error("$.parts.tgs2611.heaterVolts", tgs.GetProperty("heaterVolts"), "4.8 to 5.2 (TGS2611 heater 5.0 ± 0.2 V)");
            }

            var cal = Object(root, "$", "calibration", CalibrationFields);
            const string c = "$.calibration";
            board.Calibration.LoadResistorOhms = Number(cal, c, "loadResistorOhms");
            board.Calibration.CircuitVolts = Number(cal, c, "circuitVolts");
            board.Calibration.DividerRatio = Number(cal, c, "dividerRatio");
            board.Calibration.R0Ohms = Number(cal, c, "r0Ohms");
            board.Calibration.CurveA = Number(cal, c, "curveA");
            board.Calibration.CurveB = Number(cal, c, "curveB");
            board.Calibration.CleanAirRsR0 = Number(cal, c, "cleanAirRsR0");
            board.Calibration.LelPpm = Number(cal, c, "lelPpm");
            board.Calibration.ReferenceTemperatureC = Number(cal, c, "referenceTemperatureC");
            board.Calibration.ReferenceHumidityPct = Number(cal, c, "referenceHumidityPct");
            board.Calibration.TemperatureCoefficientPerC = Number(cal, c, "temperatureCoefficientPerC");
            board.Calibration.HumidityCoefficientPerPct = Number(cal, c, "humidityCoefficientPerPct");

            var filter = Object(root, "$", "filter", FilterFields);
            const string f = "$.filter";
            board.Filter.MedianWindow = Integer(filter, f, "medianWindow");
            board.Filter.EmaAlpha = Number(filter, f, "emaAlpha");
            board.Filter.StuckSampleCount = Integer(filter, f, "stuckSampleCount");
            board.Filter.BaselineCleanAirPpm = Number(filter, f, "baselineCleanAirPpm");
            board.Filter.BaselineTimeConstantSeconds = Number(filter, f, "baselineTimeConstantSeconds");
            board.Filter.BaselineMaxCorrection = Number(filter, f, "baselineMaxCorrection");

            var alarm = Object(root, "$", "alarm", AlarmFields);
            const string a = "$.alarm";
            board.Alarm.LowLelPct = Number(alarm, a, "lowLelPct");
            board.Alarm.HighLelPct = Number(alarm, a, "highLelPct");
            board.Alarm.HysteresisLelPct = Number(alarm, a, "hysteresisLelPct");
            board.Alarm.ConfirmSamples = Integer(alarm, a, "confirmSamples");
            board.Alarm.RateOfRisePpmPerMinute = Number(alarm, a, "rateOfRisePpmPerMinute");
            board.Alarm.RateOfRiseWindowSeconds = Number(alarm, a, "rateOfRiseWindowSeconds");

            if (root.TryGetProperty("ambient", out _))
            {
                var amb = Object(root, "$", "ambient", AmbientFields);
                const string m = "$.ambient";
                board.HasAmbient = true;
                board.Ambient.Intercept = Number(amb, m, "intercept");
                board.Ambient.LnRsSlope = Number(amb, m, "lnRsSlope");
                board.Ambient.TemperatureSlope = Number(amb, m, "temperatureSlope");
                board.Ambient.HumiditySlope = Number(amb, m, "humiditySlope");
                board.Ambient.TemperatureSquaredSlope = Number(amb, m, "temperatureSquaredSlope");
                board.Ambient.TemperatureHumiditySlope = Number(amb, m, "temperatureHumiditySlope");
                board.Ambient.DriftPerDay = Number(amb, m, "driftPerDay");
                board.Ambient.EpochDay = Number(amb, m, "epochDay");
                board.Ambient.SigmaPpm = Number(amb, m, "sigmaPpm");
                board.Ambient.Fitted = Integer(amb, m, "fitted");
                // The checksum guards shadow transfers; a board file is one consistent set by construction.
                board.Ambient.Checksum = board.Ambient.ComputeChecksum();
            }
        }

        private void MetParts(JsonElement root, JsonElement parts, BoardConfig board)
        {
            var an = Object(parts, "$.parts", "anemometer", AnemometerFields);
            const string a = "$.parts.anemometer";
            if (String(an, a, "model") != AnemometerModel) throw Error(a + ".model", an.GetProperty("model"), $"\"{AnemometerModel}\"");
            board.Wind.PulsePin = Integer(an, a, "pulsePin");
            board.Wind.MphPerHz = Number(an, a, "mphPerHz");
            board.Wind.MaxSpeedMs = Number(an, a, "maxSpeedMs");
            var vane = Object(parts, "$.parts", "windVane", VaneFields);
            const string v = "$.parts.windVane";
            if (String(vane, v, "model") != AnemometerModel) throw Error(v + ".model", vane.GetProperty("model"), $"\"{AnemometerModel}\"");
            board.Wind.VaneExcitationVolts = Number(vane, v, "excitationVolts");
            board.Wind.VaneOffsetDeg = Number(vane, v, "offsetDeg");
            // The vane is the ADS1115's one input on this board (parts.ads1115.channel).
            board.Wind.VaneChannel = board.Adc.Channel;
            if (board.Wind.VaneExcitationVolts > board.Adc.FullScaleMillivolts / 1000.0)
            {
                throw Error(v + ".excitationVolts", vane.GetProperty("excitationVolts"),
                    $"at most the ADS1115 full scale ({board.Adc.FullScaleMillivolts} mV), so every direction is measurable");
            }
            var wind = Object(root, "$", "wind", WindFields);
            board.Wind.SampleMilliseconds = Integer(wind, "$.wind", "sampleMilliseconds");
            board.Wind.CalmSpeedMs = Number(wind, "$.wind", "calmSpeedMs");
        }

        /// <summary>Turns a core Validate reason ("field = value: expected …") into a file error with the raw JSON value.</summary>
        private BoardFileException FromReason(JsonElement root, string reason)
        {
            int eq = reason.IndexOf(" = ", StringComparison.Ordinal);
            int colon = reason.IndexOf(": expected ", eq < 0 ? 0 : eq, StringComparison.Ordinal);
            if (eq < 0 || colon < 0) { return new BoardFileException(file, "$", null, reason); }
            string field = reason[..eq];
            string expected = reason[(colon + ": expected ".Length)..];
            string path = "$." + field;
            JsonElement element = root;
            foreach (var segment in field.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return new BoardFileException(file, path, reason[(eq + 3)..colon], expected);
                }
            }
            return new BoardFileException(file, path, element.GetRawText(), expected);
        }

        private void CheckFields(JsonElement obj, string path, string[] allowed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                string fieldPath = path + "." + property.Name;
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    throw new BoardFileException(file, fieldPath, null, "unknown field; expected one of " + string.Join(", ", allowed));
                }
                if (!seen.Add(property.Name))
                {
                    throw new BoardFileException(file, fieldPath, null, "duplicate field; expected it once");
                }
            }
        }

        private JsonElement Required(JsonElement obj, string path, string name, string what)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                throw new BoardFileException(file, path + "." + name, null, $"missing required field ({what})");
            }
            return value;
        }

        private JsonElement Object(JsonElement parent, string path, string name, string[] fields)
        {
            var value = Required(parent, path, name, "an object");
            if (value.ValueKind != JsonValueKind.Object) { throw Error(path + "." + name, value, "an object"); }
            CheckFields(value, path + "." + name, fields);
            return value;
        }

        private string String(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "a string");
            if (value.ValueKind != JsonValueKind.String) { throw Error(path + "." + name, value, "a string"); }
            return value.GetString()!;
        }

        private double Number(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "a number");
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                throw Error(path + "." + name, value, "a number");
            }
            return d;
        }

        private int Integer(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "an integer");
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int i))
            {
                throw Error(path + "." + name, value, "an integer");
            }
            return i;
        }

        private int Address(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "a 7-bit I2C address as a hex string like \"0x48\"");
            string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is null || text.Length != 4 || !text.StartsWith("0x", StringComparison.Ordinal)
                || !int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int address))
            {
                throw Error(path + "." + name, value, "a 7-bit I2C address as a hex string like \"0x48\"");
            }
            if (address > 0x7F)
            {
                throw Error(path + "." + name, value, "a 7-bit I2C address (0x00 to 0x7F)");
            }
            return address;
        }

        private BoardFileException Error(string path, JsonElement value, string expected) =>
            new(file, path, value.GetRawText(), expected);
    }
}
