using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// Sine, cosine, arctangent and arcsine in degrees for the wind statistics. nanoFramework's mscorlib 1.17 has no
    /// System.Math (it is a separate package), so the core carries its own, tested on the host against System.Math to
    /// 1e-12. NaN in gives NaN out; no division by zero (nanoCLR throws on it).
    /// </summary>
    public static class Trig
    {
        public const double Pi = 3.14159265358979323846;
        public const double DegreesPerRadian = 180.0 / Pi;
        public const double RadiansPerDegree = Pi / 180.0;

        /// <summary>sin of an angle in degrees.</summary>
        public static double SinDeg(double degrees)
        {
            if (double.IsNaN(degrees) || double.IsInfinity(degrees)) { return double.NaN; }
            int quadrant;
            double r = Reduce(degrees, out quadrant);
            switch (quadrant)
            {
                case 0: return SinKernel(r);
                case 1: return CosKernel(r);
                case 2: return -SinKernel(r);
                default: return -CosKernel(r);
            }
        }

        /// <summary>cos of an angle in degrees.</summary>
        public static double CosDeg(double degrees)
        {
            if (double.IsNaN(degrees) || double.IsInfinity(degrees)) { return double.NaN; }
            int quadrant;
            double r = Reduce(degrees, out quadrant);
            switch (quadrant)
            {
                case 0: return CosKernel(r);
                case 1: return -SinKernel(r);
                case 2: return -CosKernel(r);
                default: return SinKernel(r);
            }
        }

        /// <summary>
        /// Direction of the vector (x = <paramref name="cosComponent"/>, y = <paramref name="sinComponent"/>) in degrees,
        /// 0 ≤ result &lt; 360 (0 for the zero vector, which callers must treat as "no direction" themselves).
        /// Wind convention: with y = mean sin θ and x = mean cos θ this is the mean of compass angles θ.
        /// </summary>
        public static double Atan2Deg(double sinComponent, double cosComponent)
        {
            if (double.IsNaN(sinComponent) || double.IsNaN(cosComponent)) { return double.NaN; }
            double ay = CoreMath.Abs(sinComponent);
            double ax = CoreMath.Abs(cosComponent);
            if (ay == 0 && ax == 0) { return 0; }
            // atan of the smaller over the larger keeps the argument in [0, 1].
            double a = ay <= ax ? AtanUnit(ay / ax) : 90.0 - AtanUnit(ax / ay);
            double deg;
            if (cosComponent >= 0) { deg = sinComponent >= 0 ? a : 360.0 - a; }
            else { deg = sinComponent >= 0 ? 180.0 - a : 180.0 + a; }
            if (deg >= 360.0) { deg -= 360.0; }
            return deg;
        }

        /// <summary>arcsin in degrees for x in [-1, 1] (clamped; NaN stays NaN).</summary>
        public static double AsinDeg(double x)
        {
            if (double.IsNaN(x)) { return double.NaN; }
            if (x >= 1) { return 90; }
            if (x <= -1) { return -90; }
            double a = Atan2Deg(x, CoreMath.Sqrt((1 - x) * (1 + x)));
            return a > 180 ? a - 360 : a;
        }

        /// <summary>Angle in [0, 360).</summary>
        public static double Normalize(double degrees)
        {
            if (double.IsNaN(degrees) || double.IsInfinity(degrees)) { return double.NaN; }
            double d = degrees - 360.0 * Floor(degrees / 360.0);
            if (d >= 360.0 || d < 0) { d = 0; }
            return d;
        }

        // Degrees → remainder in radians within [-π/4, π/4] and the quadrant (0..3) it belongs to.
        private static double Reduce(double degrees, out int quadrant)
        {
            double d = Normalize(degrees);
            double q = Floor((d + 45.0) / 90.0);
            double rest = d - 90.0 * q;
            quadrant = ((int)q) & 3;
            return rest * RadiansPerDegree;
        }

        private static double Floor(double x)
        {
            double t = (double)(long)x;
            return t > x ? t - 1 : t;
        }

        // Taylor series on |r| ≤ π/4: terms fall below 1e-17 well before 14 of them.
        private static double SinKernel(double r)
        {
            double r2 = r * r;
            double term = r;
            double sum = r;
            for (int n = 1; n < 14; n++)
            {
                term *= -r2 / ((2 * n) * (2 * n + 1));
                sum += term;
            }
            return sum;
        }

        private static double CosKernel(double r)
        {
            double r2 = r * r;
            double term = 1;
            double sum = 1;
            for (int n = 1; n < 14; n++)
            {
                term *= -r2 / ((2 * n - 1) * (2 * n));
                sum += term;
            }
            return sum;
        }

        // atan(t) in degrees for 0 ≤ t ≤ 1: two argument halvings (atan t = 2 atan(t / (1 + sqrt(1 + t²)))) bring t
        // under 0.2, where the alternating series converges fast.
        private static double AtanUnit(double t)
        {
            double x = t;
            int doublings = 0;
            // CoreMath.Above: nanoCLR answers NaN > 0.2 with true, and ∞/∞ (Atan2Deg(±∞, ±∞)) would loop forever.
            while (CoreMath.Above(x, 0.2))
            {
                x = x / (1 + CoreMath.Sqrt(1 + x * x));
                doublings++;
            }
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 30; n++)
            {
                term *= -x2;
                sum += term / (2 * n + 1);
            }
            for (int i = 0; i < doublings; i++) { sum *= 2; }
            return sum * DegreesPerRadian;
        }
    }
}
