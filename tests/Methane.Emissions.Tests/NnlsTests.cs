using MathNet.Numerics.LinearAlgebra;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

public class NnlsTests
{
    [Fact]
    public void Constraint_binds_where_least_squares_goes_negative()
    {
        // Unconstrained LS gives (2, −1); with x ≥ 0: x2 = 0 and x1 minimises (x1−2)² + 1 + (x1−1)² → 1.5.
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var b = Vector<double>.Build.DenseOfArray([2, -1, 1]);
        double[] x = Nnls.Solve(a, b);
        Assert.Equal(1.5, x[0], 1e-8);
        Assert.Equal(0, x[1], 1e-12);
    }

    [Fact]
    public void Exact_non_negative_solution_is_recovered()
    {
        var rng = new Random(7);
        var a = Matrix<double>.Build.Dense(30, 4, (_, _) => rng.NextDouble());
        var truth = Vector<double>.Build.DenseOfArray([0, 2, 0, 0.5]);
        double[] x = Nnls.Solve(a, a * truth);
        for (int j = 0; j < 4; j++) Assert.Equal(truth[j], x[j], 1e-8);
    }

    [Fact]
    public void All_negative_correlation_gives_zero()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 1 } });
        double[] x = Nnls.Solve(a, Vector<double>.Build.DenseOfArray([-1, -2]));
        Assert.Equal([0.0, 0.0], x);
    }
}
