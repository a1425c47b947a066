using System.Globalization;
using System.Text.Json;
using Methane.Firmware.Core.Ambient;

namespace Methane.Calibration;

/// <summary>
/// The fitted set as the device shadow carries it: flat "ambient.*" keys (the console/shadow setting names) with 9
/// decimals and the set's checksum. `calibrate fit` writes it; `calibrate apply` wraps it in {"state":{"desired":…}}.
/// </summary>
public static class CoefficientsDocument
{
    public static readonly string[] Keys =
    [
        "ambient.intercept", "ambient.lnRsSlope", "ambient.temperatureSlope", "ambient.humiditySlope", "ambient.temperatureSquaredSlope",
        "ambient.temperatureHumiditySlope", "ambient.driftPerDay", "ambient.epochDay", "ambient.sigmaPpm", "ambient.fitted", "ambient.checksum",
    ];

    public static string Json(AmbientCalibration c)
    {
        string F(double v) => v.ToString("F9", CultureInfo.InvariantCulture);
        return "{" + string.Join(",",
            $"\"{Keys[0]}\":{F(c.Intercept)}", $"\"{Keys[1]}\":{F(c.LnRsSlope)}", $"\"{Keys[2]}\":{F(c.TemperatureSlope)}",
            $"\"{Keys[3]}\":{F(c.HumiditySlope)}", $"\"{Keys[4]}\":{F(c.TemperatureSquaredSlope)}",
            $"\"{Keys[5]}\":{F(c.TemperatureHumiditySlope)}", $"\"{Keys[6]}\":{F(c.DriftPerDay)}", $"\"{Keys[7]}\":{F(c.EpochDay)}",
            $"\"{Keys[8]}\":{F(c.SigmaPpm)}", $"\"{Keys[9]}\":{c.Fitted}", $"\"{Keys[10]}\":{c.Checksum}") + "}";
    }

    /// <summary>The shadow update document: {"state":{"desired":{ambient.*}}}.</summary>
    public static string Desired(AmbientCalibration c) => "{\"state\":{\"desired\":" + Json(c) + "}}";

    /// <summary>What the device receives on …/shadow/update/delta for that desired state.</summary>
    public static string Delta(AmbientCalibration c, long version) =>
        "{\"version\":" + version.ToString(CultureInfo.InvariantCulture) + ",\"state\":" + Json(c) + "}";

    private static int Integer(double v, string key) =>
        v == Math.Floor(v) && v >= 0 && v <= int.MaxValue ? (int)v : throw new CalibrationInputException($"'{key}' = {v}: expected a whole number 0 to {int.MaxValue}");

    /// <summary>Reads a coefficients file: all nine keys, numbers, a matching checksum; else an error naming the key.</summary>
    public static AmbientCalibration Read(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CalibrationInputException($"{path}: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CalibrationInputException($"{path}: expected a JSON object of {string.Join(", ", Keys)}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!Keys.Contains(p.Name)) throw new CalibrationInputException($"{path}: unknown key '{p.Name}'; expected only {string.Join(", ", Keys)}");
            }
            double Get(string key)
            {
                if (!doc.RootElement.TryGetProperty(key, out var v))
                    throw new CalibrationInputException($"{path}: missing '{key}' (a coefficient set is applied whole or not at all)");
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d))
                    throw new CalibrationInputException($"{path}: '{key}' = {v.GetRawText()}: expected a number");
                return d;
            }
            var c = new AmbientCalibration
            {
                Intercept = Get(Keys[0]), LnRsSlope = Get(Keys[1]), TemperatureSlope = Get(Keys[2]), HumiditySlope = Get(Keys[3]),
                TemperatureSquaredSlope = Get(Keys[4]), TemperatureHumiditySlope = Get(Keys[5]), DriftPerDay = Get(Keys[6]),
                EpochDay = Get(Keys[7]), SigmaPpm = Get(Keys[8]), Fitted = Integer(Get(Keys[9]), Keys[9]), Checksum = Integer(Get(Keys[10]), Keys[10]),
            };
            string? reason = c.Validate();
            if (reason is not null) throw new CalibrationInputException($"{path}: {reason}");
            return c;
        }
    }
}
