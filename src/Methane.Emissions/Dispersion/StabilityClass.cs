namespace Methane.Emissions.Dispersion;

/// <summary>Pasquill–Gifford stability categories, A (very unstable) to F (moderately stable).</summary>
public enum StabilityClass { A, B, C, D, E, F }
