using System.Globalization;

namespace Methane.Calibration;

/// <summary>One co-located sample: the reference analyser's methane and the sensor's raw resistance and environment.</summary>
public sealed record ColocationPoint(DateTimeOffset Time, double ReferencePpm, double RsOhms, double TemperatureC, double HumidityPct);

/// <summary>A co-location file or fit that cannot be used; the message names the column, row and value.</summary>
public sealed class CalibrationInputException(string message) : Exception(message);

/// <summary>
/// Reads co-location pairs: a CSV with a header naming the columns <c>time</c> (ISO 8601 with offset, e.g.
/// 2026-01-05T12:00:00Z), <c>ref_ppm</c> (reference analyser, ppm), <c>rs_ohm</c> (sensor resistance, the telemetry's
/// rs_ohm), <c>temp_c</c> and <c>rh_pct</c> (the telemetry's SHT4x values), in any order; other columns are ignored.
/// Every problem is an error naming the file, row (1 = header), column and value: nothing is skipped silently.
/// </summary>
public static class ColocationCsv
{
    public static readonly string[] Columns = ["time", "ref_ppm", "rs_ohm", "temp_c", "rh_pct"];
    public const string Header = "time,ref_ppm,rs_ohm,temp_c,rh_pct";

    public static IReadOnlyList<ColocationPoint> Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationInputException($"{path}: cannot read ({e.Message})");
        }
        return Parse(lines, path);
    }

    public static IReadOnlyList<ColocationPoint> Parse(IReadOnlyList<string> lines, string file)
    {
        if (lines.Count == 0 || lines[0].Trim().Length == 0)
        {
            throw new CalibrationInputException($"{file}: row 1 is empty; expected a header with the columns {string.Join(", ", Columns)}");
        }
        string[] header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var index = new int[Columns.Length];
        for (int c = 0; c < Columns.Length; c++)
        {
            index[c] = Array.IndexOf(header, Columns[c]);
            if (index[c] < 0)
            {
                throw new CalibrationInputException($"{file}: missing column '{Columns[c]}' (header has: {string.Join(", ", header)}); expected {string.Join(", ", Columns)}");
            }
        }
        var points = new List<ColocationPoint>(lines.Count);
        DateTimeOffset? previous = null;
        for (int i = 1; i < lines.Count; i++)
        {
            int row = i + 1;
            if (lines[i].Trim().Length == 0) continue; // a trailing newline
            string[] cells = lines[i].Split(',');
            if (cells.Length != header.Length)
            {
                throw new CalibrationInputException($"{file}: row {row} has {cells.Length} cells; expected {header.Length} as in the header");
            }
            string Cell(int c) => cells[index[c]].Trim();
            if (!DateTimeOffset.TryParse(Cell(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
                || !Cell(0).Contains('T'))
            {
                throw new CalibrationInputException($"{file}: row {row}, column 'time' = '{Cell(0)}': expected an ISO 8601 time such as 2026-01-05T12:00:00Z");
            }
            if (previous is DateTimeOffset p && time <= p)
            {
                throw new CalibrationInputException($"{file}: row {row}, column 'time' = '{Cell(0)}': expected a time after the previous row's {p:O} (times must increase)");
            }
            previous = time;
            double refPpm = Number(file, row, "ref_ppm", Cell(1), 0, 1000, "0 to 1000 ppm (the ambient range is fitted; use clean and slightly enhanced air)");
            double rs = Number(file, row, "rs_ohm", Cell(2), 1, 10_000_000, "a sensor resistance from 1 to 10,000,000 ohm");
            double t = Number(file, row, "temp_c", Cell(3), -40, 85, "-40 to 85 °C");
            double rh = Number(file, row, "rh_pct", Cell(4), 0, 100, "0 to 100 %RH");
            points.Add(new ColocationPoint(time, refPpm, rs, t, rh));
        }
        return points;
    }

    private static double Number(string file, int row, string column, string text, double min, double max, string expected)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min || v > max)
        {
            throw new CalibrationInputException($"{file}: row {row}, column '{column}' = '{text}': expected {expected}");
        }
        return v;
    }

    public static void Write(string path, IEnumerable<ColocationPoint> points)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var p in points)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{p.ReferencePpm:0.0000},{p.RsOhms:0.0},{p.TemperatureC:0.00},{p.HumidityPct:0.00}"));
        }
    }
}
