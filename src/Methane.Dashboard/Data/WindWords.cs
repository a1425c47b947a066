using System.Globalization;
using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>A met station's report in words: the overview's short form and the wind panel's / device console's line.</summary>
public static class WindWords
{
    /// <summary>"3.0 m/s from 282°", "calm", "4.1 m/s, no direction" (a vane fault); "–" without a speed.</summary>
    public static string Short(WindLatest l)
    {
        if (l.DirDeg is null && (l.WindFlags & WindQualityFlags.Calm) != 0) return "calm";
        if (l.SpeedMs is null) return "–";
        return l.DirDeg is null ? $"{Num(l.SpeedMs.Value)} m/s, no direction" : $"{Num(l.SpeedMs.Value)} m/s from {Degrees(l.DirDeg.Value)}°";
    }

    /// <summary>"3.0 m/s from 282°, gust 4.4 m/s, σθ 9.5°; flags: none" (the wind and reading flags in words).</summary>
    public static string Line(WindLatest l)
    {
        string speed = l.SpeedMs is null ? "no speed" : $"{Num(l.SpeedMs.Value)} m/s";
        string from = l.DirDeg is null ? "no direction" : $"from {Degrees(l.DirDeg.Value)}°";
        string gust = l.GustMs is null ? "" : $", gust {Num(l.GustMs.Value)} m/s";
        string sigma = l.SigmaDeg is null ? "σθ –" : $"σθ {Num(l.SigmaDeg.Value)}°";
        var flags = WindFlagWords.Of(l.WindFlags).Concat(SensorState.FlagWords(l.Flags)).ToList();
        return $"{speed} {from}{gust}, {sigma}; flags: {(flags.Count == 0 ? "none" : string.Join(", ", flags))}";
    }

    private static string Num(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    // Like the page script's Math.round: halves go up.
    private static string Degrees(double v) => Math.Round(v, MidpointRounding.AwayFromZero).ToString("F0", CultureInfo.InvariantCulture);
}
