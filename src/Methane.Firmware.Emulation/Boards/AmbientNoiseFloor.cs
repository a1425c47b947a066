using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// The TGS2611's noise floor near ambient, as the emulator applies it: white noise of <see cref="SigmaPpm"/> (1 σ, per
/// sample) in methane-equivalent units, turned into a factor on Rs through the sensor's own curve (d ln Rs / d ppm =
/// 1 / (b · (ppm + ppm_clean))). 0.15 ppm is our assumption inside what the literature reports for TGS sensors at ambient
/// levels: Eugster et al. (2020) about ±0.1 ppm for a well-characterised TGS2600 at 30-min resolution; Furuta et al.
/// (2024) RMSE under 0.6 ppm for a TGS2611-E00 over months, most of it drift and cross-sensitivity rather than white noise.
/// The ambient model's fit (`calibrate fit`) reports the σ it reaches on top of this (model error, drift).
/// </summary>
public static class AmbientNoiseFloor
{
    public const double SigmaPpm = 0.15;

    /// <summary>exp(σ_ln · g): the Rs factor for one standard-normal draw <paramref name="g"/> at <paramref name="ppm"/> above clean air.</summary>
    public static double RsFactor(MethaneCalibration sensor, double ppm, double g)
    {
        double clean = sensor.CurveA * Math.Pow(sensor.CleanAirRsR0, sensor.CurveB);
        double sigmaLn = SigmaPpm / Math.Abs(sensor.CurveB * (Math.Max(0, ppm) + clean));
        return Math.Exp(sigmaLn * g);
    }
}
