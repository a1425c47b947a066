using MathNet.Numerics.LinearAlgebra;

namespace Methane.Emissions.Evaluation.Scoring;

/// <summary>
/// Probability of detection as a logistic function of ln(rate), fitted by maximum likelihood (Newton–Raphson / IRLS):
/// POD(q) = 1 / (1 + exp(−(a + b·ln q))). DL90 is the rate where the fit reaches 90 %.
/// </summary>
public sealed record LogisticFit(double Intercept, double Slope, bool Converged)
{
    public double Probability(double rate) => 1 / (1 + Math.Exp(-(Intercept + Slope * Math.Log(rate))));

    /// <summary>Rate at which the fitted POD is <paramref name="p"/>; NaN when the fit does not rise with rate.</summary>
    public double RateAt(double p) => Slope > 0 ? Math.Exp((Math.Log(p / (1 - p)) - Intercept) / Slope) : double.NaN;

    public static LogisticFit Fit(IReadOnlyList<double> rates, IReadOnlyList<bool> detected, int maxIterations = 100)
    {
        int n = rates.Count;
        if (n == 0) throw new ArgumentException("no releases to fit");
        var beta = Vector<double>.Build.Dense(2);
        bool converged = false;
        for (int it = 0; it < maxIterations; it++)
        {
            var grad = Vector<double>.Build.Dense(2);
            var hess = Matrix<double>.Build.Dense(2, 2);
            for (int i = 0; i < n; i++)
            {
                double x = Math.Log(rates[i]);
                double p = 1 / (1 + Math.Exp(-(beta[0] + beta[1] * x)));
                double y = detected[i] ? 1 : 0;
                double w = Math.Max(p * (1 - p), 1e-10);
                grad[0] += y - p;
                grad[1] += (y - p) * x;
                hess[0, 0] += w;
                hess[0, 1] += w * x;
                hess[1, 0] += w * x;
                hess[1, 1] += w * x * x;
            }
            // A small ridge keeps the step finite when the data are (nearly) separable.
            hess[0, 0] += 1e-6;
            hess[1, 1] += 1e-6;
            Vector<double> step = hess.Solve(grad);
            beta += step;
            if (step.AbsoluteMaximum() < 1e-8) { converged = true; break; }
        }
        return new LogisticFit(beta[0], beta[1], converged);
    }
}
