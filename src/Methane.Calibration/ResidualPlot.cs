using ScottPlot;

namespace Methane.Calibration;

/// <summary>The fit's residual plot: predicted − reference against time (training and held-out), and against reference ppm.</summary>
public static class ResidualPlot
{
    public static void Write(string path, FitResult fit)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        Plot byTime = multi.GetPlot(0);
        Plot byRef = multi.GetPlot(1);
        DateTimeOffset t0 = fit.Residuals[0].Point.Time;
        foreach (bool hold in new[] { false, true })
        {
            var rows = fit.Residuals.Where(r => r.Holdout == hold).ToList();
            double[] days = rows.Select(r => (r.Point.Time - t0).TotalDays).ToArray();
            double[] res = rows.Select(r => r.Predicted - r.Point.ReferencePpm).ToArray();
            var s = byTime.Add.ScatterPoints(days, res);
            s.MarkerSize = 2;
            s.LegendText = hold ? $"held out (RMSE {fit.HoldoutRmsePpm:0.000} ppm, bias {fit.HoldoutBiasPpm:+0.000;-0.000} ppm)" : $"training (RMSE {fit.RmsePpm:0.000} ppm, R² {fit.R2:0.000})";
            var s2 = byRef.Add.ScatterPoints(rows.Select(r => r.Point.ReferencePpm).ToArray(), res);
            s2.MarkerSize = 2;
            s2.LegendText = hold ? "held out" : "training";
        }
        byTime.Add.HorizontalLine(0).LinePattern = LinePattern.Dotted;
        byTime.Axes.Bottom.Label.Text = "days since the first pair";
        byTime.Axes.Left.Label.Text = "model − reference (ppm)";
        byTime.Title("TGS2611 ambient model residuals");
        byTime.ShowLegend(Alignment.UpperRight);
        byRef.Add.HorizontalLine(0).LinePattern = LinePattern.Dotted;
        byRef.Axes.Bottom.Label.Text = "reference CH4 (ppm)";
        byRef.Axes.Left.Label.Text = "model − reference (ppm)";
        byRef.ShowLegend(Alignment.UpperRight);
        multi.SavePng(path, 1000, 900);
    }
}
