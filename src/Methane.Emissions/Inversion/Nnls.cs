using MathNet.Numerics.LinearAlgebra;

namespace Methane.Emissions.Inversion;

/// <summary>
/// Lawson–Hanson active-set non-negative least squares (Lawson &amp; Hanson 1974, Solving Least Squares Problems, ch. 23),
/// written on the normal equations: minimise ½xᵀGx − hᵀx subject to x ≥ 0 with G = AᵀA and h = Aᵀb. Working on G
/// lets the bootstrap re-weight time steps without rebuilding A. The passive-set subproblems are solved with MathNet.
/// </summary>
public static class Nnls
{
    public static double[] Solve(Matrix<double> a, Vector<double> b) => SolveNormal(a.TransposeThisAndMultiply(a), a.TransposeThisAndMultiply(b));

    public static double[] SolveNormal(Matrix<double> g, Vector<double> h, int maxIterations = 0)
    {
        int n = h.Count;
        if (g.RowCount != n || g.ColumnCount != n) throw new ArgumentException($"G must be {n}×{n}, is {g.RowCount}×{g.ColumnCount}");
        if (maxIterations <= 0) maxIterations = 3 * n + 10;
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(g[i, i]));
        if (scale == 0) return new double[n];
        double tol = 1e-12 * scale * Math.Max(1, h.AbsoluteMaximum());

        var x = new double[n];
        var passive = new bool[n];
        for (int iter = 0; iter < maxIterations; iter++)
        {
            double[] w = Gradient(g, h, x);
            int best = -1;
            double bestW = tol;
            for (int j = 0; j < n; j++) if (!passive[j] && w[j] > bestW) { bestW = w[j]; best = j; }
            if (best < 0) break;
            passive[best] = true;

            while (true)
            {
                double[] s = SolvePassive(g, h, passive);
                bool allPositive = true;
                for (int j = 0; j < n; j++) if (passive[j] && s[j] <= 0) { allPositive = false; break; }
                if (allPositive) { x = s; break; }
                double alpha = double.MaxValue;
                for (int j = 0; j < n; j++)
                    if (passive[j] && s[j] <= 0) alpha = Math.Min(alpha, x[j] / (x[j] - s[j]));
                for (int j = 0; j < n; j++)
                {
                    x[j] += alpha * (s[j] - x[j]);
                    if (passive[j] && x[j] <= 1e-15 * Math.Max(1, Math.Abs(s[j]))) { passive[j] = false; x[j] = 0; }
                }
                bool any = false;
                for (int j = 0; j < n; j++) any |= passive[j];
                if (!any) break;
            }
        }
        return x;
    }

    private static double[] Gradient(Matrix<double> g, Vector<double> h, double[] x)
    {
        int n = x.Length;
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = h[i];
            for (int j = 0; j < n; j++) if (x[j] != 0) s -= g[i, j] * x[j];
            w[i] = s;
        }
        return w;
    }

    private static double[] SolvePassive(Matrix<double> g, Vector<double> h, bool[] passive)
    {
        int n = passive.Length;
        var idx = new List<int>(n);
        for (int j = 0; j < n; j++) if (passive[j]) idx.Add(j);
        Matrix<double> gp = Matrix<double>.Build.Dense(idx.Count, idx.Count, (r, c) => g[idx[r], idx[c]]);
        Vector<double> hp = Vector<double>.Build.Dense(idx.Count, r => h[idx[r]]);
        // A tiny ridge keeps nearly collinear sources (same bearing from every sensor) solvable.
        double ridge = 1e-10 * gp.Diagonal().AbsoluteMaximum();
        for (int k = 0; k < idx.Count; k++) gp[k, k] += ridge;
        Vector<double> sp = gp.Cholesky().Solve(hp);
        var s = new double[n];
        for (int k = 0; k < idx.Count; k++) s[idx[k]] = sp[k];
        return s;
    }
}
