using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Conformance
{
    /// <summary>CoreMath over ordinary, extreme and non-finite inputs, and the NaN-safe comparison helpers.</summary>
    public static class MathSection
    {
        private static readonly double[] Inputs =
        {
            0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 10.0, 0.1, 3.0e-7, 1.0e-300, 4.9e-324, 1.0e300, 709.0, 710.0, -745.0, -746.0,
            0.18, 5.0, 123.456, -2.1507, double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        };

        public static void Run(Transcript t)
        {
            for (int i = 0; i < Inputs.Length; i++)
            {
                double x = Inputs[i];
                t.Line("x " + Transcript.D(x) + " ln " + Transcript.D(CoreMath.Ln(x)) + " exp " + Transcript.D(CoreMath.Exp(x))
                    + " sqrt " + Transcript.D(CoreMath.Sqrt(x)) + " abs " + Transcript.D(CoreMath.Abs(x)));
            }
            double[] bases = { 0.0, 0.18, 1.0, 2.0, 5.0, -1.0, double.NaN, double.PositiveInfinity };
            double[] exps = { 0.0, 1.0, -2.1507, 0.5, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
            for (int i = 0; i < bases.Length; i++)
            {
                for (int j = 0; j < exps.Length; j++)
                {
                    t.Line("pow " + Transcript.D(bases[i]) + " " + Transcript.D(exps[j]) + " = " + Transcript.D(CoreMath.Pow(bases[i], exps[j])));
                }
            }
            double[] pair = { -1.0, 0.0, 2.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
            for (int i = 0; i < pair.Length; i++)
            {
                for (int j = 0; j < pair.Length; j++)
                {
                    double a = pair[i];
                    double b = pair[j];
                    t.Line("pair " + Transcript.D(a) + " " + Transcript.D(b)
                        + " min " + Transcript.D(CoreMath.Min(a, b)) + " max " + Transcript.D(CoreMath.Max(a, b))
                        + " atleast " + Transcript.B(CoreMath.AtLeast(a, b)) + " above " + Transcript.B(CoreMath.Above(a, b))
                        + " div " + Transcript.D(CoreMath.Divide(a, b)) + " clamp " + Transcript.D(CoreMath.Clamp(a, -0.5, b)));
                }
            }
            t.Line("div 1/-0 " + Transcript.D(CoreMath.Divide(1.0, -0.0)) + " -1/-0 " + Transcript.D(CoreMath.Divide(-1.0, -0.0))
                + " 0/0 " + Transcript.D(CoreMath.Divide(0.0, 0.0)) + " nan/0 " + Transcript.D(CoreMath.Divide(double.NaN, 0.0)));
            t.Line("iabs " + Transcript.I(CoreMath.Abs(-7)) + " imin " + Transcript.I(CoreMath.Min(3, -4)) + " imax " + Transcript.I(CoreMath.Max(3, -4)));
        }
    }
}
