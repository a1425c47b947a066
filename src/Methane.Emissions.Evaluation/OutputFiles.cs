using System.Globalization;
using System.Text;
using Methane.Emissions.Evaluation.Scoring;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Evaluation;

internal static class OutputFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteEstimates(string path, IEnumerable<EmissionEstimate> estimates)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("site,source,rate_kg_h,lower_kg_h,upper_kg_h,window_start,window_end,detected,reason");
        foreach (EmissionEstimate e in estimates)
            w.WriteLine(string.Join(",", e.SiteId, e.Source, N(e.RateKgPerHour), N(e.LowerKgPerHour), N(e.UpperKgPerHour),
                e.WindowStart.ToString("o", Inv), e.WindowEnd.ToString("o", Inv), e.Detected ? "yes" : "no", Csv(e.Reason)));
    }

    public static void WriteReleaseScores(string path, IEnumerable<ReleaseScore> scores)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("release,source,true_kg_h,start,end,windows,valid_windows,detected,top_source,correct_source,estimated_kg_h,relative_error,mean_wind_ms");
        foreach (ReleaseScore s in scores)
            w.WriteLine(string.Join(",", s.Release.Id, s.Release.Source, s.Release.RateKgPerHour.ToString("0.###", Inv), s.Release.Start.ToString("o", Inv),
                s.Release.End.ToString("o", Inv), s.WindowsInside, s.ValidWindows, s.Detected ? "yes" : "no", s.TopSource ?? "",
                s.CorrectSource switch { true => "yes", false => "no", _ => "" }, N(s.EstimatedKgPerHour), N(s.RelativeError), s.MeanTrueWindSpeedMs.ToString("0.00", Inv)));
    }

    private static string N(double? v) => v is double d ? d.ToString("0.####", Inv) : "";
    private static string Csv(string? s) => s == null ? "" : "\"" + s.Replace("\"", "\"\"") + "\"";
}
