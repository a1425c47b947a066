using MathNet.Numerics.LinearRegression;
using Methane.Firmware.Core.Ambient;

namespace Methane.Calibration;

/// <summary>What the fit must reach to be accepted (the stated bounds of `calibrate fit`).</summary>
public sealed record FitBounds
{
    public int MinPoints { get; init; } = 200;
    public double MinSpanDays { get; init; } = 2;
    /// <summary>Held-out RMSE above this refuses the fit, ppm.</summary>
    public double MaxRmsePpm { get; init; } = 1.0;
    /// <summary>Training R² below this refuses the fit.</summary>
    public double MinR2 { get; init; } = 0.5;
    /// <summary>The chronologically last fraction of the pairs is held out to measure the noise floor and bias.</summary>
    public double HoldoutFraction { get; init; } = 0.25;
}

/// <summary>The fitted set and how good it is.</summary>
public sealed record FitResult(
    AmbientCalibration Coefficients,
    int TrainPoints, int HoldoutPoints,
    double R2, double RmsePpm,
    double HoldoutRmsePpm, double HoldoutBiasPpm, double HoldoutR2,
    IReadOnlyList<(ColocationPoint Point, double Predicted, bool Holdout)> Residuals);

/// <summary>
/// Least-squares fit of the ambient model (see <see cref="AmbientModel"/>) to co-location pairs with MathNet.Numerics
/// (QR decomposition): reference ppm = b0 + b1 ln(Rs/1 kΩ) + b2 ΔT + b3 ΔAH + b4 ΔT² + b5 ΔT·ΔAH + b6 (day − epochDay), epochDay =
/// the middle of the training span. Training on the first 75 % in time and scoring on the last 25 % shows what the drift
/// term does out of sample: the held-out RMSE is the noise floor written into the coefficients (sigmaPpm).
/// </summary>
public static class AmbientFitter
{
    public static FitResult Fit(IReadOnlyList<ColocationPoint> points, FitBounds bounds)
    {
        if (points.Count < bounds.MinPoints)
        {
            throw new CalibrationInputException($"too few points: {points.Count} rows; expected at least {bounds.MinPoints} co-located pairs");
        }
        double spanDays = (points[^1].Time - points[0].Time).TotalDays;
        if (spanDays < bounds.MinSpanDays)
        {
            throw new CalibrationInputException($"time span {spanDays:0.##} days ({points[0].Time:O} to {points[^1].Time:O}); expected at least {bounds.MinSpanDays} days so temperature, humidity and drift are separable");
        }
        int train = (int)Math.Round(points.Count * (1 - bounds.HoldoutFraction));
        var trainPts = points.Take(train).ToList();
        var holdPts = points.Skip(train).ToList();
        double epochDay = Math.Round(Day(trainPts[trainPts.Count / 2].Time), 3);

        double[][] x = trainPts.Select(p => Row(p, epochDay)).ToArray();
        double[] y = trainPts.Select(p => p.ReferencePpm).ToArray();
        double[] b;
        try
        {
            b = MultipleRegression.QR(x, y, intercept: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new CalibrationInputException($"the regression has no unique solution ({e.Message}); temperature, humidity and time must vary across the pairs");
        }
        if (b.Any(v => !double.IsFinite(v)))
        {
            throw new CalibrationInputException("the regression has no unique solution (a coefficient is not finite); temperature, humidity and time must vary across the pairs");
        }

        var cal = new AmbientCalibration
        {
            Intercept = Round9(b[0]), LnRsSlope = Round9(b[1]), TemperatureSlope = Round9(b[2]), HumiditySlope = Round9(b[3]),
            TemperatureSquaredSlope = Round9(b[4]), TemperatureHumiditySlope = Round9(b[5]), DriftPerDay = Round9(b[6]),
            EpochDay = epochDay, Fitted = 1,
        };
        var residuals = new List<(ColocationPoint, double, bool)>(points.Count);
        foreach (var p in trainPts) residuals.Add((p, Predict(cal, p), false));
        foreach (var p in holdPts) residuals.Add((p, Predict(cal, p), true));

        (double r2, double rmse, _) = Stats(residuals.Where(r => !r.Item3).Select(r => (r.Item1.ReferencePpm, r.Item2)).ToList());
        (double hr2, double hrmse, double hbias) = Stats(residuals.Where(r => r.Item3).Select(r => (r.Item1.ReferencePpm, r.Item2)).ToList());
        cal.SigmaPpm = Math.Round(Math.Max(0.01, hrmse), 2, MidpointRounding.AwayFromZero);
        cal.Checksum = cal.ComputeChecksum();

        if (!(r2 >= bounds.MinR2))
        {
            throw new CalibrationInputException($"fit R² = {r2:0.000}; expected at least {bounds.MinR2:0.00} (--min-r2): the sensor does not follow the reference");
        }
        if (!(hrmse <= bounds.MaxRmsePpm))
        {
            throw new CalibrationInputException($"held-out RMSE = {hrmse:0.000} ppm; expected at most {bounds.MaxRmsePpm:0.###} ppm (--max-rmse)");
        }
        string? reason = cal.Validate();
        if (reason is not null)
        {
            throw new CalibrationInputException($"the fitted coefficients are outside what the firmware accepts: {reason}");
        }
        return new FitResult(cal, trainPts.Count, holdPts.Count, r2, rmse, hrmse, hbias, hr2, residuals);
    }

    public static double Predict(AmbientCalibration c, ColocationPoint p)
    {
        var model = new AmbientModel(c);
        double v = model.Compute(true, p.RsOhms, true, p.TemperatureC, p.HumidityPct, p.Time.ToUnixTimeMilliseconds());
        // Out of the model's 0..50 ppm range the firmware reports null; for statistics use the raw linear value.
        if (double.IsNaN(v)) v = Raw(c, p);
        return v;
    }

    private static double Raw(AmbientCalibration c, ColocationPoint p)
    {
        double[] r = Row(p, c.EpochDay);
        return c.Intercept + c.LnRsSlope * r[0] + c.TemperatureSlope * r[1] + c.HumiditySlope * r[2]
            + c.TemperatureSquaredSlope * r[3] + c.TemperatureHumiditySlope * r[4] + c.DriftPerDay * r[5];
    }

    private static double[] Row(ColocationPoint p, double epochDay)
    {
        double dt = p.TemperatureC - AmbientModel.ReferenceTemperatureC;
        double dah = AbsoluteHumidity.GramsPerCubicMetre(p.TemperatureC, p.HumidityPct) - AmbientModel.ReferenceHumidityGm3;
        return [Math.Log(p.RsOhms / 1000.0), dt, dah, dt * dt, dt * dah, Day(p.Time) - epochDay];
    }

    private static double Day(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / AmbientModel.MillisecondsPerDay;

    private static double Round9(double v) => Math.Round(v, 9, MidpointRounding.AwayFromZero);

    /// <summary>R², RMSE and mean bias (predicted − reference) of pairs.</summary>
    public static (double R2, double Rmse, double Bias) Stats(IReadOnlyList<(double Reference, double Predicted)> pairs)
    {
        if (pairs.Count == 0) return (double.NaN, double.NaN, double.NaN);
        double mean = pairs.Average(p => p.Reference);
        double ssTot = pairs.Sum(p => (p.Reference - mean) * (p.Reference - mean));
        double ssRes = pairs.Sum(p => (p.Reference - p.Predicted) * (p.Reference - p.Predicted));
        double bias = pairs.Average(p => p.Predicted - p.Reference);
        return (ssTot > 0 ? 1 - ssRes / ssTot : double.NaN, Math.Sqrt(ssRes / pairs.Count), bias);
    }
}
